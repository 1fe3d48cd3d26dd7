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
	// MsgForwardedNotAnswer is said when a forwarded message arrives at a question.
	MsgForwardedNotAnswer = "common.input.forwarded"
	// MsgFloodSlow is said once when a chat sends faster than the flood limit.
	MsgFloodSlow = "common.flood.slow"
	// MsgGroupPrivateOnly (with Link) and MsgGroupPrivateOnlyNoLink are said
	// in a group the bot was added to, before it leaves.
	MsgGroupPrivateOnly       = "group.private_only"
	MsgGroupPrivateOnlyNoLink = "group.private_only.nolink"

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

	MsgRegWelcome        = "register.welcome"
	MsgRegInviteFor      = "register.invite.for"
	MsgRegConsentAsk     = "register.consent.ask"
	MsgRegConsentYes     = "register.consent.yes"
	MsgRegConsentNo      = "register.consent.no"
	MsgRegConsentThanks  = "register.consent.thanks"
	MsgRegConsentRefuse  = "register.consent.refused"
	MsgRegNameAsk        = "register.name.ask"
	MsgRegNameEmpty      = "register.name.empty"
	MsgRegNameNoLetter   = "register.name.no_letter"
	MsgRegNameTooLong    = "register.name.too_long"
	MsgRegPhoneAsk       = "register.phone.ask"
	MsgRegPhoneButton    = "register.phone.button"
	MsgRegPhoneInvalid   = "register.phone.invalid"
	MsgRegPhoneNotOwn    = "register.phone.not_own"
	MsgRegPhoneSaved     = "register.phone.saved"
	MsgRegPhoneCard      = "register.phone.card"
	MsgRegRolesAsk       = "register.roles.ask"
	MsgRegRolesDone      = "register.roles.done"
	MsgRegRolesNone      = "register.roles.none"
	MsgRegKecamatanAsk   = "register.kecamatan.ask"
	MsgRegKelurahanAsk   = "register.kelurahan.ask"
	MsgRegPosyanduAsk    = "register.posyandu.ask"
	MsgRegPosyanduNone   = "register.posyandu.none"
	MsgRegPosyanduSkip   = "register.posyandu.skip"
	MsgRegBack           = "register.back"
	MsgRegDone           = "register.done"
	MsgRegDoneInvite     = "register.done.invite"
	MsgRegDoneInviteLost = "register.done.invite_lost"
	MsgWelcomeBack       = "register.welcome_back"
	MsgInviteInvalid     = "invite.invalid"
	MsgInviteGranted     = "invite.granted"
)

// Messages of the engine and registry.
const (
	MsgNeedRegister    = "common.need_register"
	MsgNotForYou       = "common.not_for_you"
	MsgNotFound        = "common.not_found"
	MsgHelpCommandLine = "help.command_line"
	MsgButtonSkip      = "common.button.skip"
	MsgButtonBack      = "common.button.back"
	MsgButtonCancel    = "common.button.cancel"
)

// Command descriptions for Telegram's menu and the help.
const (
	MsgCmdChildren = "command.anak"
	MsgCmdWeigh    = "command.timbang"
	MsgCmdChart    = "command.grafik"
	MsgCmdData     = "command.dataku"
	MsgCmdErase    = "command.hapusdata"
)

// The children flow (/anak) and adding a child.
const (
	MsgChildrenList            = "children.list"
	MsgChildrenNone            = "children.none"
	MsgChildrenLine            = "children.line"
	MsgChildrenLineNever       = "children.line.never"
	MsgChildrenAdd             = "children.button.add"
	MsgChildrenOpenHint        = "children.open_hint"
	MsgChildView               = "child.view"
	MsgChildViewLast           = "child.view.last"
	MsgChildViewNever          = "child.view.never"
	MsgChildWeigh              = "child.button.weigh"
	MsgChildChart              = "child.button.chart"
	MsgChildEdit               = "child.button.edit"
	MsgChildRemove             = "child.button.remove"
	MsgChildUndo               = "child.button.undo"
	MsgChildAllChildren        = "child.button.list"
	MsgChildEditAsk            = "child.edit.ask"
	MsgChildEditName           = "child.edit.name"
	MsgChildEditBirth          = "child.edit.birth"
	MsgChildEditSex            = "child.edit.sex"
	MsgChildEdited             = "child.edit.done"
	MsgChildBirthAfterWeighing = "child.edit.birth_after_weighing"
	MsgChildRemoveAsk          = "child.remove.ask"
	MsgChildRemoveYes          = "child.remove.yes"
	MsgChildRemovedDeleted     = "child.remove.deleted"
	MsgChildRemovedKept        = "child.remove.kept"
	MsgChildUndoAsk            = "child.undo.ask"
	MsgChildUndoYes            = "child.undo.yes"
	MsgChildUndone             = "child.undo.done"
	MsgAddNameAsk              = "addchild.name.ask"
	MsgAddSexAsk               = "addchild.sex.ask"
	MsgAddBirthAsk             = "addchild.birth.ask"
	MsgAddBirthInvalid         = "addchild.birth.invalid"
	MsgAddBirthFuture          = "addchild.birth.future"
	MsgAddBirthTooOld          = "addchild.birth.too_old"
	MsgAddBirthWeightAsk       = "addchild.birth_weight.ask"
	MsgAddBirthWeightBad       = "addchild.birth_weight.invalid"
	MsgAddBirthLengthAsk       = "addchild.birth_length.ask"
	MsgAddBirthLengthBad       = "addchild.birth_length.invalid"
	MsgAddRelationAsk          = "addchild.relation.ask"
	MsgAddDone                 = "addchild.done"
	MsgWeighNow                = "addchild.button.weigh_now"
	MsgSexPrefix               = "child.sex."      // + m / f
	MsgRelationPrefix          = "child.relation." // + ibu / ayah / wali / lainnya
	MsgAgeYears                = "age.years"
	MsgAgeMonths               = "age.months"
	MsgAgeDays                 = "age.days"
)

// The weigh-in flow (/timbang).
const (
	MsgWeighChildAsk      = "weigh.child.ask"
	MsgWeighNoChildren    = "weigh.no_children"
	MsgWeighWeightAsk     = "weigh.weight.ask"
	MsgWeighWeightInvalid = "weigh.weight.invalid"
	MsgWeighWeightRange   = "weigh.weight.range"
	MsgWeighLengthAskL    = "weigh.length.ask_lying"
	MsgWeighLengthAskH    = "weigh.length.ask_standing"
	MsgWeighLengthInvalid = "weigh.length.invalid"
	MsgWeighLengthRange   = "weigh.length.range"
	MsgWeighLengthNeeded  = "weigh.length.needed"
	MsgWeighStanding      = "weigh.button.standing"
	MsgWeighLying         = "weigh.button.lying"
	MsgWeighNotWeighed    = "weigh.button.not_weighed"
	MsgWeighNotMeasured   = "weigh.button.not_measured"
	MsgWeighDateAsk       = "weigh.date.ask"
	MsgWeighToday         = "weigh.button.today"
	MsgWeighYesterday     = "weigh.button.yesterday"
	MsgWeighDateInvalid   = "weigh.date.invalid"
	MsgWeighDateFuture    = "weigh.date.future"
	MsgWeighDateBirth     = "weigh.date.before_birth"
	MsgWeighArmAsk        = "weigh.arm.ask"
	MsgWeighArmInvalid    = "weigh.arm.invalid"
	MsgWeighHeadAsk       = "weigh.head.ask"
	MsgWeighHeadInvalid   = "weigh.head.invalid"
	MsgWeighSummary       = "weigh.summary"
	MsgWeighSumWeight     = "weigh.summary.weight"
	MsgWeighSumLengthL    = "weigh.summary.length_lying"
	MsgWeighSumLengthH    = "weigh.summary.length_standing"
	MsgWeighSumArm        = "weigh.summary.arm"
	MsgWeighSumHead       = "weigh.summary.head"
	MsgWeighImplausible   = "weigh.summary.implausible"
	MsgWeighSameDay       = "weigh.summary.same_day"
	MsgWeighSave          = "weigh.button.save"
	MsgWeighSaveSure      = "weigh.button.save_sure"
	MsgWeighReplace       = "weigh.button.replace"
	MsgWeighChange        = "weigh.button.change"
	MsgWeighEditAsk       = "weigh.edit.ask"
	MsgWeighFieldWeight   = "weigh.field.weight"
	MsgWeighFieldLength   = "weigh.field.length"
	MsgWeighFieldDate     = "weigh.field.date"
	MsgWeighFieldArm      = "weigh.field.arm"
	MsgWeighFieldHead     = "weigh.field.head"
	MsgWeighCancelled     = "weigh.cancelled"
	MsgWeighNothing       = "weigh.nothing"
)

// The result of a measurement, in plain words.
const (
	MsgResultHead     = "result.head"
	MsgResultMeasured = "result.measured"
	MsgResultPrefix   = "result." // + category code, e.g. result.hfa_stunted
	MsgResultZ        = "result.z"
	MsgResultGainN    = "result.gain.n"
	MsgResultGainT    = "result.gain.t"
	MsgResultLossT    = "result.loss.t"
	MsgResultFlatT    = "result.flat.t"
	MsgResultTwoT     = "result.two_t"
	MsgResultTrendO   = "result.trend.o"
	MsgResultTrendB   = "result.trend.b"
	MsgResultBGM      = "result.bgm"
	MsgResultImplaus  = "result.implausible"
	MsgResultGood     = "result.next.good"
	MsgResultWatch    = "result.next.watch"
	MsgResultRefer    = "result.next.refer"
	MsgResultReasons  = "result.next.reasons"
	MsgResultReplaced = "result.replaced"
	MsgResultFromPosy = "result.from_posyandu"
	MsgChartCaption   = "chart.caption"
	MsgChartNoData    = "chart.no_data"
	MsgChartChildAsk  = "chart.child.ask"
	MsgReferralPrefix = "growth.referral." // + reason code
)

// Data rights (/dataku, /hapusdata).
const (
	MsgDataIntro      = "data.export.intro"
	MsgDataJSONCap    = "data.export.json"
	MsgDataCSVCap     = "data.export.csv"
	MsgEraseAsk       = "data.erase.ask"
	MsgEraseDeleted   = "data.erase.children_deleted"
	MsgEraseKept      = "data.erase.children_kept"
	MsgEraseYes       = "data.erase.yes"
	MsgEraseDone      = "data.erase.done"
	MsgEraseCancelled = "data.erase.cancelled"
)

// Short states for lists.
const (
	MsgStatusShortPrefix = "status.short." // + category code
	MsgStatusShortGood   = "status.short.good"
)

// A cadre's posyandu session (/timbang for a kader).
const (
	MsgSessPosyanduAsk  = "session.posyandu.ask"
	MsgSessDateAsk      = "session.date.ask"
	MsgSessReady        = "session.ready"
	MsgSessCount        = "session.count"
	MsgSessUndo         = "session.button.undo"
	MsgSessDone         = "session.button.done"
	MsgSessLineOK       = "session.line.ok"
	MsgSessLineRefer    = "session.line.refer"
	MsgSessLineRange    = "session.line.range"
	MsgSessLineNoName   = "session.line.no_name"
	MsgSessLineNoWeight = "session.line.no_weight"
	MsgSessLineUnread   = "session.line.unreadable"
	MsgSessLineNotFound = "session.line.not_found"
	MsgSessLineTwice    = "session.line.twice"
	MsgSessZ            = "session.z"
	MsgSessZValue       = "session.z.value"
	MsgSessRefer        = "session.button.refer"
	MsgSessUndoNothing  = "session.undo.nothing"
	MsgSessUndone       = "session.undo.done"
	MsgSessFinished     = "session.finished"
	MsgSessWhich        = "session.which"
	MsgSessChildChoice  = "session.child_choice"
	MsgSessUnknown      = "session.unknown"
	MsgSessRegister     = "session.button.register"
	MsgSessSkip         = "session.button.skip"
	MsgSessSkipped      = "session.skipped"
	MsgSessPhoneAsk     = "session.phone.ask"
	MsgSessRegistered   = "session.registered"
	MsgClaimAsk         = "claim.ask"
	MsgClaimYes         = "claim.button.yes"
	MsgClaimNo          = "claim.button.no"
	MsgClaimDeclined    = "claim.declined"
	MsgClaimRelation    = "claim.relation"
	MsgClaimDone        = "claim.done"
)

// The due list (/belum).
const (
	MsgCmdDue         = "command.belum"
	MsgDueHead        = "due.head"
	MsgDueLine        = "due.line"
	MsgDueLineFlagged = "due.line.flagged"
	MsgDueHint        = "due.hint"
	MsgDueNone        = "due.none"
	MsgDueRemind      = "due.button.remind"
	MsgDueReminder    = "due.reminder"
	MsgDueReminded    = "due.reminded"
)

// Reports (/laporan).
const (
	MsgCmdReport             = "command.laporan"
	MsgReportScopeAsk        = "report.scope.ask"
	MsgReportHead            = "report.head"
	MsgReportReporting       = "report.reporting"
	MsgReportLine            = "report.line"
	MsgReportLineRatio       = "report.line.ratio"
	MsgReportPercent         = "report.percent"
	MsgReportMonthButton     = "report.button.month"
	MsgReportF2Caption       = "report.f2.caption"
	MsgReportChildrenCaption = "report.children.caption"
	MsgReportItemPrefix      = "skdn.item." // + item code
)

// The referral loop (referral.go; locales/referral.*.json).
const (
	MsgCmdReferrals     = "command.rujukan"
	MsgRefNoReason      = "referral.no_reason"
	MsgRefAlready       = "referral.already"
	MsgRefSent          = "referral.sent"
	MsgRefTold          = "referral.told"
	MsgRefNoNakes       = "referral.no_nakes"
	MsgRefNewHead       = "referral.new.head"
	MsgRefMovedTo       = "referral.moved"
	MsgRefStale         = "referral.stale"
	MsgRefRemind        = "referral.remind"
	MsgRefCardChild     = "referral.card.child"
	MsgRefCardMeasured  = "referral.card.measured"
	MsgRefCardReasons   = "referral.card.reasons"
	MsgRefCardStatus    = "referral.card.status"
	MsgRefCardFinding   = "referral.card.finding"
	MsgRefCardNote      = "referral.card.note"
	MsgRefCardTreatment = "referral.card.treatment"
	MsgRefFindingAsk    = "referral.finding.ask"
	MsgRefTreatAsk      = "referral.treatment.ask"
	MsgRefNoteAsk       = "referral.note.ask"
	MsgRefNoteTooLong   = "referral.note.too_long"
	MsgRefListEmpty     = "referral.list.empty"
	MsgRefListHead      = "referral.list.head"
	MsgRefListLine      = "referral.list.line"
	MsgRefListOpen      = "referral.list.open"
	MsgRefStatusPrefix  = "referral.status."    // + status
	MsgRefFindingPrefix = "referral.finding."   // + finding
	MsgRefTreatPrefix   = "referral.treatment." // + treatment
	MsgRefButtonPrefix  = "referral.button."    // + acc, exam, treat, done
	MsgRefKaderPrefix   = "referral.kader."     // + status
	MsgRefParentPrefix  = "referral.parent."    // + status [+ "." + finding or treatment]
)

// Messages of /siaran (locales/broadcast.*.json).
const (
	MsgCmdBroadcast      = "broadcast.command"
	MsgBcAskText         = "broadcast.text.ask"
	MsgBcTooLong         = "broadcast.text.too_long"
	MsgBcAskTextEN       = "broadcast.text_en.ask"
	MsgBcButtonSkip      = "broadcast.button.skip"
	MsgBcAskPhoto        = "broadcast.photo.ask"
	MsgBcButtonNoPhoto   = "broadcast.button.no_photo"
	MsgBcCaptionTooLong  = "broadcast.photo.caption_too_long"
	MsgBcAskRoles        = "broadcast.roles.ask"
	MsgBcRoleLabelPrefix = "broadcast.role." // + role: the audience buttons
	MsgBcButtonEveryone  = "broadcast.button.everyone"
	MsgBcButtonRolesDone = "broadcast.button.roles_done"
	MsgBcRolesNone       = "broadcast.roles.none"
	MsgBcAskAge          = "broadcast.age.ask"
	MsgBcButtonAge       = "broadcast.button.age"
	MsgBcButtonAnyAge    = "broadcast.button.any_age"
	MsgBcAskArea         = "broadcast.area.ask"
	MsgBcButtonAllArea   = "broadcast.button.all_area"
	MsgBcAreaUnreadable  = "broadcast.area.unreadable"
	MsgBcAreaUnknown     = "broadcast.area.unknown"
	MsgBcOutOfRegion     = "broadcast.area.out_of_region"
	MsgBcAskWhen         = "broadcast.when.ask"
	MsgBcButtonNow       = "broadcast.button.now"
	MsgBcWhenUnreadable  = "broadcast.when.unreadable"
	MsgBcWhenNow         = "broadcast.when.now"
	MsgBcWhenAt          = "broadcast.when.at"
	MsgBcDuration        = "broadcast.duration"
	MsgBcDurationShort   = "broadcast.duration.short"
	MsgBcNobody          = "broadcast.nobody"
	MsgBcPreviewID       = "broadcast.preview.id"
	MsgBcPreviewEN       = "broadcast.preview.en"
	MsgBcSummary         = "broadcast.summary"
	MsgBcButtonSend      = "broadcast.button.send"
	MsgBcButtonCancel    = "broadcast.button.cancel"
	MsgBcSure            = "broadcast.sure"
	MsgBcButtonYes       = "broadcast.button.yes"
	MsgBcQueued          = "broadcast.queued"
	MsgBcButtonStatus    = "broadcast.button.status"
	MsgBcButtonStop      = "broadcast.button.stop"
	MsgBcReport          = "broadcast.report"
	MsgBcStateSending    = "broadcast.state.sending"
	MsgBcStateDone       = "broadcast.state.done"
	MsgBcStateCancelled  = "broadcast.state.cancelled"
)
