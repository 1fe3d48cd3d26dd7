package flows

// Default is tumbuh's registry: every flow with its commands, who may start
// it and the buttons it owns. Help and Telegram's command menu list the
// commands in this order.
func Default() *Registry {
	return MustRegistry(
		Spec{Flow: Register()},
		Spec{Flow: Children(), Buttons: prefixChildren,
			Commands: []Command{{Name: "anak", Aliases: []string{"children"}, Description: MsgCmdChildren}}},
		Spec{Flow: Session(), Buttons: prefixSession, Roles: []Role{RoleKader},
			Commands: []Command{{Name: "timbang", Aliases: []string{"weigh"}, Description: MsgCmdWeigh}}},
		Spec{Flow: Weigh(), Buttons: prefixWeigh,
			Commands: []Command{{Name: "timbang", Aliases: []string{"weigh"}, Description: MsgCmdWeigh}}},
		Spec{Flow: Chart(), Buttons: prefixChart,
			Commands: []Command{{Name: "grafik", Aliases: []string{"chart"}, Description: MsgCmdChart}}},
		Spec{Flow: Due(), Buttons: prefixDue, Roles: []Role{RoleKader},
			Commands: []Command{{Name: "belum", Aliases: []string{"due"}, Description: MsgCmdDue}}},
		Spec{Flow: Claim(), Buttons: prefixClaim},
		Spec{Flow: Broadcast(), Buttons: prefixBroadcast, Roles: []Role{RoleAdmin},
			Commands: []Command{{Name: "siaran", Aliases: []string{"broadcast"}, Description: MsgCmdBroadcast}}},
		Spec{Flow: Data(),
			Commands: []Command{{Name: "dataku", Aliases: []string{"mydata"}, Description: MsgCmdData}}},
		Spec{Flow: Erase(), Buttons: prefixErase,
			Commands: []Command{{Name: "hapusdata", Aliases: []string{"deletedata"}, Description: MsgCmdErase}}},
	)
}
