package flows

// Message IDs of locales/reminders.*.json.
const (
	MsgCmdTablet    = "cmd.ttd"
	MsgCmdPregnancy = "cmd.hamil"
	MsgCmdStop      = "cmd.berhenti"
	MsgCmdResume    = "cmd.mulai"

	MsgWeekdayPrefix = "weekday." // + 0 (Sunday) … 6

	MsgTabletRemind           = "ttd.remind"
	MsgTabletNudge            = "ttd.nudge"
	MsgTabletTipPrefix        = "ttd.tip." // + 0 … TabletTips-1
	MsgTabletTaken            = "ttd.button.taken"
	MsgTabletLater            = "ttd.button.later"
	MsgTabletOut              = "ttd.button.out"
	MsgTabletCounted          = "ttd.counted"
	MsgTabletAlready          = "ttd.already"
	MsgTabletFull             = "ttd.full"
	MsgTabletLaterSet         = "ttd.later.set"
	MsgTabletLaterAgain       = "ttd.later.again"
	MsgTabletOutWhereGirl     = "ttd.out.where.girl"
	MsgTabletOutWherePregnant = "ttd.out.where.pregnant"
	MsgTabletOutKader         = "ttd.out.kader"
	MsgTabletNoPlan           = "ttd.noplan"
	MsgTabletStatus           = "ttd.status"
	MsgTabletDaily            = "ttd.when.daily"
	MsgTabletWeekly           = "ttd.when.weekly"
	MsgTabletPaused           = "ttd.paused"
	MsgTabletChangeTime       = "ttd.button.time"
	MsgTabletChangeDay        = "ttd.button.day"
	MsgTabletPause            = "ttd.button.pause"
	MsgTabletResume           = "ttd.button.resume"
	MsgTabletTimeAsk          = "ttd.time.ask"
	MsgTabletDayAsk           = "ttd.day.ask"

	MsgPregnancyWeekTitle   = "hamil.week.title"
	MsgPregnancyWeekPrefix  = "hamil.week." // + 4 … 42
	MsgPregnancyDanger      = "hamil.danger"
	MsgPregnancyBornAsk     = "hamil.button.born"
	MsgPregnancyBorn        = "hamil.born"
	MsgAddBornAsk           = "hamil.born.date.ask"
	MsgAddBornToday         = "hamil.born.button.today"
	MsgPregnancyLost        = "hamil.lost"
	MsgPregnancyLostButton  = "hamil.button.lost"
	MsgPregnancyEndedButton = "hamil.button.ended"
	MsgPregnancyEndedAsk    = "hamil.ended.ask"
	MsgPregnancyNone        = "hamil.none"
	MsgPregnancyStatus      = "hamil.status"
	MsgPregnancyChange      = "hamil.button.change"
	MsgPregnancyDateAsk     = "hamil.date.ask"
	MsgPregnancyDateInvalid = "hamil.date.invalid"

	MsgStopAsk        = "stop.ask"
	MsgStopKindPrefix = "stop.kind." // + all, ttd, hamil, posyandu
	MsgStopDone       = "stop.done"
	MsgStopResumed    = "stop.resumed"
)

// Message IDs of the posyandu day reminders and /jadwal.
const (
	MsgPosyanduEve       = "posyandu_day.eve"
	MsgPosyanduMorning   = "posyandu_day.morning"
	MsgPosyanduPlace     = "posyandu_day.place"
	MsgPosyanduBring     = "posyandu_day.bring"
	MsgPosyanduVitaminA  = "posyandu_day.vitamin_a"
	MsgPosyanduCancelled = "posyandu_day.cancelled"
	MsgPosyanduMoved     = "posyandu_day.moved"
)

// Message IDs of /jadwal.
const (
	MsgCmdJadwal          = "cmd.jadwal"
	MsgJadwalNone         = "jadwal.none"
	MsgJadwalComing       = "jadwal.coming"
	MsgJadwalDay          = "jadwal.day"
	MsgJadwalCancelButton = "jadwal.button.cancel"
	MsgJadwalAsk          = "jadwal.ask"
	MsgJadwalWhich        = "jadwal.which"
	MsgJadwalInvalid      = "jadwal.invalid"
	MsgJadwalSaved        = "jadwal.saved"
	MsgJadwalCancelled    = "jadwal.cancelled"
)

// Message IDs of the pos gizi reminders.
const (
	MsgPosGiziSession  = "posgizi.session"
	MsgPosGiziWeighing = "posgizi.weighing"
)
