package flows

// Message IDs of locales/*.json used by flows. A test in bot/ checks that
// each exists in every language.
const (
	MsgInternalError   = "common.error.internal"
	MsgUnreadable      = "common.input.unreadable"
	MsgUseButtons      = "common.input.use_buttons"
	MsgStaleButton     = "common.button.stale"
	MsgUnknownCommand  = "common.command.unknown"
	MsgCancelled       = "common.cancel.done"
	MsgNothingToCancel = "common.cancel.nothing"
	MsgExpired         = "common.conversation.expired"
	MsgLanguageSet     = "common.language.set"
	MsgHello           = "common.hello"

	MsgHelpIntro     = "help.intro"
	MsgHelpGuest     = "help.guest"
	MsgHelpCommands  = "help.commands"
	MsgHelpRolePrefx = "help.role." // + role

	MsgRoleLabelPrefix = "role." // + role

	MsgPickerNext     = "picker.next"
	MsgPickerPrev     = "picker.prev"
	MsgPickerAll      = "picker.all"
	MsgPickerNotFound = "picker.not_found"
	MsgPickerFiltered = "picker.filtered"
	MsgPickerHint     = "picker.hint"

	MsgRegWelcome       = "register.welcome"
	MsgRegInviteFor     = "register.invite.for"
	MsgRegConsentAsk    = "register.consent.ask"
	MsgRegConsentYes    = "register.consent.yes"
	MsgRegConsentNo     = "register.consent.no"
	MsgRegConsentThanks = "register.consent.thanks"
	MsgRegConsentRefuse = "register.consent.refused"
	MsgRegNameAsk       = "register.name.ask"
	MsgRegNameEmpty     = "register.name.empty"
	MsgRegNameNoLetter  = "register.name.no_letter"
	MsgRegNameTooLong   = "register.name.too_long"
	MsgRegPhoneAsk      = "register.phone.ask"
	MsgRegPhoneButton   = "register.phone.button"
	MsgRegPhoneInvalid  = "register.phone.invalid"
	MsgRegPhoneNotOwn   = "register.phone.not_own"
	MsgRegPhoneSaved    = "register.phone.saved"
	MsgRegRolesAsk      = "register.roles.ask"
	MsgRegRolesDone     = "register.roles.done"
	MsgRegRolesNone     = "register.roles.none"
	MsgRegKecamatanAsk  = "register.kecamatan.ask"
	MsgRegKelurahanAsk  = "register.kelurahan.ask"
	MsgRegPosyanduAsk   = "register.posyandu.ask"
	MsgRegPosyanduNone  = "register.posyandu.none"
	MsgRegPosyanduSkip  = "register.posyandu.skip"
	MsgRegBack          = "register.back"
	MsgRegDone          = "register.done"
	MsgRegDoneInvite    = "register.done.invite"
	MsgWelcomeBack      = "register.welcome_back"
	MsgInviteInvalid    = "invite.invalid"
	MsgInviteGranted    = "invite.granted"
)
