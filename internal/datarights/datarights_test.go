package datarights_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/child"
	"github.com/tumbuh-id/tumbuh/internal/datarights"
	"github.com/tumbuh-id/tumbuh/internal/growth"
	"github.com/tumbuh-id/tumbuh/internal/pgtest"
	"github.com/tumbuh-id/tumbuh/internal/policy"
	"github.com/tumbuh-id/tumbuh/internal/store"
	"github.com/tumbuh-id/tumbuh/internal/weighing"
)

const (
	telegramID = 1001
	userName   = "Siti Rahmawati"
	phone      = "+6281234567890"
)

var today = day("2025-06-10")

// household is Siti with three children: Budi is hers alone, Ani is also
// Joko's, and Citra was weighed at the posyandu.
type household struct {
	db               *sqlx.DB
	st               *store.Store
	siti, joko       policy.Actor
	budi, ani, citra child.Child
}

func newHousehold(t *testing.T) household {
	t.Helper()
	ctx := context.Background()
	db := pgtest.New(t)
	p := mustPlaces(t, db)
	h := household{db: db, st: store.On(db)}
	h.siti = policy.Actor{UserID: mustUser(t, db, telegramID, userName, phone, p.Posyandu)}
	h.joko = policy.Actor{UserID: mustUser(t, db, 1002, "Joko", "", p.Posyandu)}
	for _, a := range []policy.Actor{h.siti, h.joko} {
		require.NoError(t, h.st.AddGrant(ctx, a.UserID, policy.Grant{Role: policy.Parent}))
	}
	newChild := func(name string, sex child.Sex, birth string) child.Child {
		c := child.Child{Name: name, Sex: sex, BirthDate: day(birth), PosyanduID: p.Posyandu}
		c.ID = mustChild(t, h.st, c, h.siti.UserID, child.Mother)
		return c
	}
	h.budi = newChild("Budi", child.Boy, "2024-01-10")
	h.ani = newChild("Ani", child.Girl, "2024-06-01")
	h.citra = newChild("Citra", child.Girl, "2025-01-05")
	require.NoError(t, h.st.AddGuardian(ctx, h.ani.ID, h.joko.UserID, child.Father))

	march := h.record(t, h.budi, "2024-03-10", 5.0, 0, child.AtHome, 0)
	h.record(t, h.budi, "2024-04-10", 5.9, 0, child.AtHome, 0)
	h.record(t, h.budi, "2024-03-10", 5.5, 0, child.AtHome, march) // corrected: the first row stays in the history
	h.record(t, h.budi, "2024-05-10", 6.4, 62.5, child.AtHome, 0)
	h.record(t, h.ani, "2024-09-01", 7.0, 64, child.AtHome, 0)
	h.record(t, h.citra, "2025-04-05", 5.8, 0, child.AtPosyandu, 0)

	for _, q := range []string{
		`INSERT INTO conversations (chat_id, flow, step, state, expires_at)
			VALUES (1001, 'register', 'phone', '{"name":"Siti Rahmawati","phone":"+6281234567890"}', now() + interval '1 hour')`,
		`INSERT INTO outbox (chat_id, kind, payload, status) VALUES
			(1001, 'reply', '{"text":"Terima kasih, Siti Rahmawati"}', 'sent'),
			(1001, 'reply', '{"text":"Nomor +6281234567890 tersimpan"}', 'failed'),
			(1002, 'reply', '{"text":"Halo Joko"}', 'sent')`,
	} {
		_, err := db.Exec(q)
		require.NoError(t, err)
	}
	return h
}

func (h household) record(t *testing.T, c child.Child, on string, kg, cm float64, src child.Source, replaces int64) int64 {
	t.Helper()
	d := weighing.Draft{ChildID: c.ID, Replaces: replaces, Inputs: child.Measurement{On: day(on), WeightKg: kg, LenHeiCm: cm, Source: src}}
	if cm > 0 {
		d.Inputs.Position = growth.Lying
	}
	var r weighing.Recorded
	require.NoError(t, inTx(t, h.db, func(st *store.Store) error {
		var err error
		r, err = weighing.Record(context.Background(), st, h.siti, d, today)
		return err
	}))
	return r.Saved.ID
}

type exported struct {
	ExportedAt string `json:"exported_at"`
	Profile    struct {
		Name          string   `json:"name"`
		Phone         string   `json:"phone"`
		TelegramID    int64    `json:"telegram_id"`
		Language      string   `json:"language"`
		Roles         []string `json:"roles"`
		Kelurahan     string   `json:"kelurahan"`
		KelurahanCode string   `json:"kelurahan_code"`
		Posyandu      string   `json:"posyandu"`
		RegisteredAt  string   `json:"registered_at"`
	} `json:"profile"`
	Consents []struct {
		Version string `json:"version"`
		GivenAt string `json:"given_at"`
	} `json:"consents"`
	Children []struct {
		Name         string `json:"name"`
		Sex          string `json:"sex"`
		BirthDate    string `json:"birth_date"`
		Relation     string `json:"relation"`
		Measurements []struct {
			MeasuredOn string             `json:"measured_on"`
			WeightKg   float64            `json:"weight_kg"`
			LenHeiCm   float64            `json:"lenhei_cm"`
			Position   string             `json:"position"`
			Source     string             `json:"source"`
			Current    bool               `json:"current"`
			AgeDays    int                `json:"age_days"`
			ZScores    map[string]float64 `json:"z_scores"`
			Categories map[string]string  `json:"categories"`
			Trend      string             `json:"trend"`
			GainGrams  *int               `json:"gain_g"`
		} `json:"measurements"`
	} `json:"children"`
}

func TestExportJSON(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHousehold(t)
	now := time.Date(2025, 6, 10, 8, 0, 0, 0, time.FixedZone("WIB", 7*3600))

	ex, err := datarights.ExportData(ctx, h.st, telegramID, now)
	require.NoError(t, err)
	var doc exported
	require.NoError(t, json.Unmarshal(ex.JSON, &doc))

	assert.Equal(t, "2025-06-10T01:00:00Z", doc.ExportedAt)
	assert.Equal(t, userName, doc.Profile.Name)
	assert.Equal(t, phone, doc.Profile.Phone)
	assert.Equal(t, int64(telegramID), doc.Profile.TelegramID)
	assert.Equal(t, "id", doc.Profile.Language)
	assert.Equal(t, []string{"orang_tua"}, doc.Profile.Roles)
	assert.Equal(t, "Buaran", doc.Profile.Kelurahan)
	assert.Equal(t, kelurahan, doc.Profile.KelurahanCode)
	assert.Equal(t, "Posyandu Melati", doc.Profile.Posyandu)
	assert.Equal(t, "2025-01-02T03:05:00Z", doc.Profile.RegisteredAt)
	require.Len(t, doc.Consents, 1)
	assert.Equal(t, "v1", doc.Consents[0].Version)
	assert.Equal(t, "2025-01-02T03:04:05Z", doc.Consents[0].GivenAt)

	require.Len(t, doc.Children, 3)
	for i, c := range []child.Child{h.budi, h.ani, h.citra} {
		got := doc.Children[i]
		assert.Equal(t, c.Name, got.Name)
		assert.Equal(t, string(c.Sex), got.Sex)
		assert.Equal(t, c.BirthDate.Format(time.DateOnly), got.BirthDate)
		assert.Equal(t, "ibu", got.Relation)

		hist, err := h.st.MeasurementHistory(ctx, c.ID)
		require.NoError(t, err)
		cur, err := h.st.Measurements(ctx, c.ID)
		require.NoError(t, err)
		isCurrent := map[int64]bool{}
		for _, m := range cur {
			isCurrent[m.ID] = true
		}
		require.Len(t, got.Measurements, len(hist), "every row ever written: %s", c.Name)
		for j, m := range hist {
			gm := got.Measurements[j]
			assert.Equal(t, m.On.Format(time.DateOnly), gm.MeasuredOn)
			assert.Equal(t, m.WeightKg, gm.WeightKg)
			assert.Equal(t, m.LenHeiCm, gm.LenHeiCm)
			assert.Equal(t, string(m.Source), gm.Source)
			assert.Equal(t, isCurrent[m.ID], gm.Current, "%s %s", c.Name, gm.MeasuredOn)
			assert.Equal(t, m.AgeDays, gm.AgeDays)
			assert.Equal(t, string(m.Status.Trend), gm.Trend)
			if m.ZWei.Valid {
				assert.Equal(t, m.ZWei.Z, gm.ZScores["zwei"])
			} else {
				assert.NotContains(t, gm.ZScores, "zwei")
			}
			if m.ZLen.Valid {
				assert.Equal(t, m.ZLen.Z, gm.ZScores["zlen"])
				assert.Equal(t, "lying", gm.Position)
			}
			if m.CatWFA != "" {
				assert.Equal(t, string(m.CatWFA), gm.Categories["cat_wfa"])
			}
		}
	}

	budi := doc.Children[0].Measurements
	require.Len(t, budi, 4)
	var superseded, currentMarch int
	for _, m := range budi {
		if m.MeasuredOn == "2024-03-10" {
			if m.Current {
				currentMarch++
				assert.Equal(t, 5.5, m.WeightKg)
			} else {
				superseded++
				assert.Equal(t, 5.0, m.WeightKg)
			}
		}
	}
	assert.Equal(t, 1, superseded, "the corrected row is exported, marked not current")
	assert.Equal(t, 1, currentMarch)
	april := budi[2]
	require.Equal(t, "2024-04-10", april.MeasuredOn)
	require.NotNil(t, april.GainGrams, "April after the corrected March")
	assert.Equal(t, "T", april.Trend)
	assert.Equal(t, 400, *april.GainGrams)
}

func TestExportCSV(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHousehold(t)
	ex, err := datarights.ExportData(ctx, h.st, telegramID, today)
	require.NoError(t, err)

	rows, err := csv.NewReader(bytes.NewReader(ex.CSV)).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, rows)
	header := rows[0]
	assert.True(t, strings.HasPrefix(strings.Join(header, ","),
		"child,source,sex,birth_date,visit_date,weight,lenhei,measure,oedema,headc,armc,age_days"), "%v", header)
	col := map[string]int{}
	for i, name := range header {
		col[name] = i
	}
	for _, name := range []string{"zlen", "zwei", "zwfl", "cat_wfa"} {
		require.Contains(t, col, name)
	}

	type key struct{ child, on string }
	stored := map[key]child.Measurement{}
	for _, c := range []child.Child{h.budi, h.ani, h.citra} {
		ms, err := h.st.Measurements(ctx, c.ID)
		require.NoError(t, err)
		for _, m := range ms {
			stored[key{c.Name, m.On.Format(time.DateOnly)}] = m
		}
	}
	require.Len(t, rows[1:], len(stored), "one row per current measurement")
	format := func(s child.Score) string {
		if !s.Valid {
			return ""
		}
		return strconv.FormatFloat(s.Z, 'f', 2, 64)
	}
	for _, r := range rows[1:] {
		m, ok := stored[key{r[0], r[col["visit_date"]]}]
		require.True(t, ok, "row %v", r)
		name := r[0] + " " + r[col["visit_date"]]
		assert.Equal(t, string(m.Source), r[col["source"]], name)
		assert.Equal(t, strconv.Itoa(m.AgeDays), r[col["age_days"]], name)
		assert.Equal(t, format(m.ZLen), r[col["zlen"]], name)
		assert.Equal(t, format(m.ZWei), r[col["zwei"]], name)
		assert.Equal(t, format(m.ZWfl), r[col["zwfl"]], name)
		assert.Equal(t, string(m.CatWFA), r[col["cat_wfa"]], name)
		assert.NotEmpty(t, r[col["zwei"]], "every row here has a weight")
	}
	assert.Equal(t, "5.5", rowOf(t, rows, col, "Budi", "2024-03-10")[col["weight"]], "the corrected weight")
	assert.Equal(t, "posyandu", rowOf(t, rows, col, "Citra", "2025-04-05")[col["source"]])
	assert.Equal(t, "2", rowOf(t, rows, col, "Ani", "2024-09-01")[col["sex"]])
	assert.Equal(t, "l", rowOf(t, rows, col, "Ani", "2024-09-01")[col["measure"]])
}

func rowOf(t *testing.T, rows [][]string, col map[string]int, name, on string) []string {
	t.Helper()
	for _, r := range rows[1:] {
		if r[0] == name && r[col["visit_date"]] == on {
			return r
		}
	}
	t.Fatalf("no row for %s on %s", name, on)
	return nil
}

func TestPlanEraseAndErase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHousehold(t)
	want := datarights.Erasure{Deleted: []string{"Budi"}, Kept: []string{"Ani", "Citra"}}

	plan, err := datarights.PlanErase(ctx, h.st, telegramID)
	require.NoError(t, err)
	assert.Equal(t, want, plan)
	assert.Equal(t, 1, count(t, h.db, `SELECT count(*) FROM users WHERE telegram_id = $1`, telegramID), "a plan deletes nothing")
	assert.Equal(t, 3, count(t, h.db, `SELECT count(*) FROM children`))

	var got datarights.Erasure
	require.NoError(t, inTx(t, h.db, func(st *store.Store) error {
		got, err = datarights.Erase(ctx, st, telegramID)
		return err
	}))
	assert.Equal(t, plan, got, "the plan is what happens")

	assert.Zero(t, count(t, h.db, `SELECT count(*) FROM children WHERE id = $1`, h.budi.ID))
	assert.Zero(t, count(t, h.db, `SELECT count(*) FROM measurements WHERE child_id = $1`, h.budi.ID))
	assert.Equal(t, 1, count(t, h.db, `SELECT count(*) FROM measurements WHERE child_id = $1`, h.ani.ID))
	assert.Equal(t, 1, count(t, h.db, `SELECT count(*) FROM measurements WHERE child_id = $1`, h.citra.ID))
	ani, err := h.st.ChildWithAccess(ctx, h.ani.ID)
	require.NoError(t, err)
	assert.Equal(t, []int64{h.joko.UserID}, ani.Policy.Guardians)
	citra, err := h.st.ChildWithAccess(ctx, h.citra.ID)
	require.NoError(t, err)
	assert.Empty(t, citra.Policy.Guardians, "the posyandu keeps Citra")

	leaks := []struct {
		name string
		q    string
	}{
		{"users", `SELECT count(*) FROM users u WHERE u.name = $1 OR u.phone LIKE '%' || $2 || '%' OR u.telegram_id = 1001`},
		{"children", `SELECT count(*) FROM children c WHERE c.name = $1 OR c.parent_phone LIKE '%' || $2 || '%'`},
		{"guardians", `SELECT count(*) FROM guardians g JOIN users u ON u.id = g.user_id WHERE u.name = $1 OR u.phone LIKE '%' || $2 || '%'`},
		{"conversations", `SELECT count(*) FROM conversations c WHERE c.state::text LIKE '%' || $1 || '%' OR c.state::text LIKE '%' || $2 || '%'`},
		{"outbox payloads", `SELECT count(*) FROM outbox o WHERE o.payload::text LIKE '%' || $1 || '%' OR o.payload::text LIKE '%' || $2 || '%'`},
		{"audit_log details", `SELECT count(*) FROM audit_log a WHERE a.details::text LIKE '%' || $1 || '%' OR a.details::text LIKE '%' || $2 || '%'`},
	}
	for _, tc := range leaks {
		t.Run("no trace in "+tc.name, func(t *testing.T) {
			assert.Zero(t, count(t, h.db, tc.q, userName, "81234567890"))
		})
	}
	t.Run("no trace in any table", func(t *testing.T) {
		var tables []string
		require.NoError(t, h.db.Select(&tables,
			`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`))
		require.Contains(t, tables, "users")
		for _, table := range tables {
			q := `SELECT count(*) FROM "` + table + `" x WHERE row_to_json(x)::text LIKE '%Rahmawati%'
				OR row_to_json(x)::text LIKE '%81234567890%'`
			assert.Zero(t, count(t, h.db, q), table)
		}
	})
	assert.Equal(t, 1, count(t, h.db, `SELECT count(*) FROM outbox WHERE chat_id = 1002`), "Joko's messages stay")

	var audit []struct {
		Actor   string `db:"actor"`
		Details string `db:"details"`
	}
	require.NoError(t, h.db.Select(&audit, `SELECT actor, details::text AS details FROM audit_log WHERE action = 'account.erased'`))
	require.Len(t, audit, 1)
	assert.Equal(t, "erasure", audit[0].Actor)
	assert.JSONEq(t, `{"children_deleted":1,"children_kept":2}`, audit[0].Details)

	_, err = datarights.ExportData(ctx, h.st, telegramID, today)
	assert.ErrorIs(t, err, datarights.ErrNotRegistered, "nothing left to export")
}

func TestEraseWithoutChildren(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)
	p := mustPlaces(t, db)
	mustUser(t, db, telegramID, userName, phone, p.Posyandu)
	st := store.On(db)

	plan, err := datarights.PlanErase(ctx, st, telegramID)
	require.NoError(t, err)
	assert.Equal(t, datarights.Erasure{}, plan)
	got, err := datarights.Erase(ctx, st, telegramID)
	require.NoError(t, err)
	assert.Equal(t, plan, got)
	assert.Zero(t, count(t, db, `SELECT count(*) FROM users`))
	assert.Equal(t, 1, count(t, db, `SELECT count(*) FROM chats WHERE chat_id = $1`, telegramID), "the chat row stays")
}

func TestNotRegistered(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)
	p := mustPlaces(t, db)
	mustUser(t, db, telegramID, userName, phone, p.Posyandu)
	st := store.On(db)

	_, err := datarights.ExportData(ctx, st, 999, today)
	assert.ErrorIs(t, err, datarights.ErrNotRegistered, "export")
	_, err = datarights.PlanErase(ctx, st, 999)
	assert.ErrorIs(t, err, datarights.ErrNotRegistered, "plan")
	_, err = datarights.Erase(ctx, st, 999)
	assert.ErrorIs(t, err, datarights.ErrNotRegistered, "erase")
	assert.Equal(t, 1, count(t, db, `SELECT count(*) FROM users`))
	assert.Zero(t, count(t, db, `SELECT count(*) FROM audit_log`))

	ex, err := datarights.ExportData(ctx, st, telegramID, today)
	require.NoError(t, err)
	var doc exported
	require.NoError(t, json.Unmarshal(ex.JSON, &doc))
	assert.Empty(t, doc.Children)
	assert.NotNil(t, doc.Children, "an empty list, not null")
	assert.Equal(t, 1, bytes.Count(ex.CSV, []byte("\n")), "the header alone")
}

func TestExportHasReferrals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHousehold(t)
	_, err := h.db.Exec(`INSERT INTO referrals (child_id, measurement_id, reasons, posyandu_id, puskesmas_id, status,
			finding, created_at, moved_at)
		SELECT m.child_id, m.id, '{severe_wasting}', c.posyandu_id, p.puskesmas_id, 'diperiksa', 'gizi_buruk',
			'2024-05-01T02:00:00Z', '2024-05-03T02:00:00Z'
		FROM measurements m JOIN children c ON c.id = m.child_id JOIN posyandu p ON p.id = c.posyandu_id
		WHERE m.child_id = $1 AND m.superseded_by IS NULL ORDER BY m.id DESC LIMIT 1`, h.budi.ID)
	require.NoError(t, err)

	ex, err := datarights.ExportData(ctx, h.st, telegramID, time.Now())
	require.NoError(t, err)
	var doc struct {
		Children []struct {
			Name      string `json:"name"`
			Referrals []struct {
				Puskesmas  string   `json:"puskesmas"`
				Reasons    []string `json:"reasons"`
				Status     string   `json:"status"`
				Finding    string   `json:"finding"`
				ReferredAt string   `json:"referred_at"`
			} `json:"referrals"`
		} `json:"children"`
	}
	require.NoError(t, json.Unmarshal(ex.JSON, &doc))
	require.NotEmpty(t, doc.Children)
	require.Equal(t, h.budi.Name, doc.Children[0].Name)
	require.Len(t, doc.Children[0].Referrals, 1)
	r := doc.Children[0].Referrals[0]
	assert.Equal(t, "Puskesmas Serpong 1", r.Puskesmas)
	assert.Equal(t, []string{"severe_wasting"}, r.Reasons)
	assert.Equal(t, "diperiksa", r.Status)
	assert.Equal(t, "gizi_buruk", r.Finding)
	assert.Equal(t, "2024-05-01T02:00:00Z", r.ReferredAt)
	assert.Empty(t, doc.Children[1].Referrals)
}
