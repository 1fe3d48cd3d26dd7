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
		Spec{Flow: Report(), Buttons: prefixReport, Roles: []Role{RoleKader, RoleNakes, RoleAdmin},
			Commands: []Command{{Name: "laporan", Aliases: []string{"report"}, Description: MsgCmdReport}}},
		Spec{Flow: Claim(), Buttons: prefixClaim},
		Spec{Flow: Jadwal(), Buttons: prefixJadwal, Roles: []Role{RoleKader},
			Commands: []Command{{Name: "jadwal", Aliases: []string{"schedule"}, Description: MsgCmdJadwal}}},
		Spec{Flow: PosGizi(), Buttons: prefixPosGizi, Roles: []Role{RoleKader, RoleNakes},
			Commands: []Command{{Name: "posgizi", Aliases: []string{"nutrition"}, Description: MsgCmdPosGizi}}},
		Spec{Flow: Tablet(), Buttons: prefixTablet,
			Commands: []Command{{Name: "ttd", Aliases: []string{"tablet"}, Description: MsgCmdTablet}}},
		Spec{Flow: Pregnancy(), Buttons: prefixPregnancy,
			Commands: []Command{{Name: "hamil", Aliases: []string{"pregnancy"}, Description: MsgCmdPregnancy}}},
		Spec{Flow: Stop(), Buttons: prefixStop,
			Commands: []Command{{Name: "berhenti", Aliases: []string{"stop"}, Description: MsgCmdStop},
				{Name: "mulai", Aliases: []string{"resume"}, Description: MsgCmdResume}}},
		Spec{Flow: Broadcast(), Buttons: prefixBroadcast, Roles: []Role{RoleAdmin},
			Commands: []Command{{Name: "siaran", Aliases: []string{"broadcast"}, Description: MsgCmdBroadcast}}},
		Spec{Flow: Data(),
			Commands: []Command{{Name: "dataku", Aliases: []string{"mydata"}, Description: MsgCmdData}}},
		Spec{Flow: Erase(), Buttons: prefixErase,
			Commands: []Command{{Name: "hapusdata", Aliases: []string{"deletedata"}, Description: MsgCmdErase}}},
		Spec{Flow: Referrals(), Buttons: prefixReferral, KeepsWaiting: true, Roles: []Role{RoleKader, RoleNakes, RoleAdmin},
			Commands: []Command{{Name: "rujukan", Aliases: []string{"referrals"}, Description: MsgCmdReferrals}}},
	)
}
