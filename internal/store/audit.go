package store

import (
	"context"
	"encoding/json"
	"fmt"
)

// Audit appends to the audit log. details must not carry personal data.
func (s *Store) Audit(ctx context.Context, actor, action, subject string, details map[string]any) error {
	if details == nil {
		details = map[string]any{}
	}
	b, err := json.Marshal(details)
	if err != nil {
		return fmt.Errorf("encode audit details: %w", err)
	}
	const q = `INSERT INTO audit_log (actor, action, subject, details) VALUES ($1, $2, $3, $4)`
	if _, err := s.q.ExecContext(ctx, q, actor, action, subject, string(b)); err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}
