package store

// EndTurnSQL lets the plan test run the turn's last statement as it is.
const EndTurnSQL = endTurnSQL
