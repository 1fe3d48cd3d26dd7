package datarights

import (
	"context"
	"errors"

	"github.com/tumbuh-id/tumbuh/internal/store"
)

// Erasure says what deleting an account does to the person's children.
type Erasure struct {
	// Deleted are the names of the children deleted with the account: no one
	// else follows them.
	Deleted []string
	// Kept are the children that stay, unlinked from the person, because
	// another guardian or the posyandu holds them.
	Kept []string
}

// PlanErase says what Erase would delete, without deleting anything.
func PlanErase(ctx context.Context, st Store, telegramID int64) (Erasure, error) {
	p, kids, err := personAndChildren(ctx, st, telegramID)
	if err != nil {
		return Erasure{}, err
	}
	var e Erasure
	for _, k := range kids {
		stays, err := st.ChildHeldByOthers(ctx, k.Child.ID, p.UserID)
		if err != nil {
			return Erasure{}, err
		}
		if stays {
			e.Kept = append(e.Kept, k.Child.Name)
		} else {
			e.Deleted = append(e.Deleted, k.Child.Name)
		}
	}
	return e, nil
}

// Erase deletes the person's account and what belongs to it alone: their
// profile, roles, guardianships, the children no one else holds (with their
// measurements), their waiting conversation and past messages. What stays is
// one audit_log row that says an account was erased, with counts only.
func Erase(ctx context.Context, st Store, telegramID int64) (Erasure, error) {
	p, kids, err := personAndChildren(ctx, st, telegramID)
	if err != nil {
		return Erasure{}, err
	}
	var e Erasure
	for _, k := range kids {
		deleted, err := st.RemoveGuardian(ctx, k.Child.ID, p.UserID)
		if err != nil {
			return Erasure{}, err
		}
		if deleted {
			e.Deleted = append(e.Deleted, k.Child.Name)
		} else {
			e.Kept = append(e.Kept, k.Child.Name)
		}
	}
	if err := st.DeleteUser(ctx, p.UserID, p.ChatID); err != nil {
		return Erasure{}, err
	}
	err = st.Audit(ctx, "erasure", "account.erased", "",
		map[string]any{"children_deleted": len(e.Deleted), "children_kept": len(e.Kept)})
	return e, err
}

// personAndChildren loads a registered person and their children, or
// ErrNotRegistered.
func personAndChildren(ctx context.Context, st Store, telegramID int64) (store.Profile, []store.ChildOverview, error) {
	p, err := st.ProfileByTelegramID(ctx, telegramID)
	if errors.Is(err, store.ErrNotFound) {
		return store.Profile{}, nil, ErrNotRegistered
	}
	if err != nil {
		return store.Profile{}, nil, err
	}
	kids, err := st.ChildrenOf(ctx, p.UserID)
	return p, kids, err
}
