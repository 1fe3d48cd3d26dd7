package flows

import "errors"

// FlowChart is /grafik: a child's growth chart again.
const FlowChart = "grafik"

const prefixChart = "gr"

const stepChartChild = "child"

type chartState struct{}

// Chart is the /grafik flow.
func Chart() *Flow[chartState] {
	return &Flow[chartState]{
		Name:  FlowChart,
		Start: chartStart,
		Steps: map[string]Step[chartState]{
			stepChartChild: {Ask: askChartChild, Handle: handleChartChild},
		},
	}
}

func chartStart(env *Env, in Input) (chartState, Result, error) {
	var s chartState
	if _, id, ok := pressed(in, prefixChart); ok && id != 0 {
		res, err := sendChart(env, id)
		return s, res, err
	}
	res, err := whichChild(env, stepChartChild, func(id int64) (Result, error) { return sendChart(env, id) })
	return s, res, err
}

// sendChart ends the flow with the chart of a child the person may see.
func sendChart(env *Env, id int64) (Result, error) {
	k, err := env.Svc.Child(env.Ctx, id)
	if errors.Is(err, ErrNotFound) {
		return End(Say(T(MsgNotFound))), nil
	}
	if err != nil {
		return Result{}, err
	}
	if k.Last == nil {
		return End(Reply{Texts: []Text{T(MsgChartNoData, "Name", k.Child.Name)},
			Buttons: [][]Button{Row(Choice(button(prefixWeigh, "child", id), MsgChildWeigh))}}), nil
	}
	return End(Reply{Texts: []Text{T(MsgChartCaption, "Name", k.Child.Name)}, Chart: &ChartRef{ChildID: id}}), nil
}

func askChartChild(env *Env, _ *chartState) (Reply, error) {
	kids, err := env.Svc.Children(env.Ctx)
	if err != nil {
		return Reply{}, err
	}
	r := Reply{Texts: []Text{T(MsgChartChildAsk)}}
	for _, k := range kids {
		r.Buttons = append(r.Buttons, Row(Button{Label: Lit(k.Child.Name), Data: button(prefixChart, "child", k.Child.ID)}))
	}
	return r, nil
}

func handleChartChild(env *Env, _ *chartState, in Input) (Result, error) {
	if _, id, ok := pressed(in, prefixChart); ok && id != 0 {
		return sendChart(env, id)
	}
	return Stay(wrongKind(in)), nil
}
