package backend

import (
	"encoding/json"
	"fmt"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/apierr"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/statefile"
)

// StateSection names STS's section of the emulator's state file: the sessions handed out, so that the temporary
// keys a client holds keep signing (and expire when they would have) across a restart of the emulator.
const StateSection = "sts"

// UseStateFile loads the sessions of f's STS section, if any, and saves every session handed out from now on
// to it (nil = memory only).
func (b *Backend) UseStateFile(f *statefile.File) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if data := f.Section(StateSection); data != nil {
		var saved []Session
		if err := json.Unmarshal(data, &saved); err != nil {
			return fmt.Errorf("state file %s: STS: %w", f.Path(), err)
		}
		for _, s := range saved {
			if !IsTemporaryKey(s.AccessKeyID) || s.AccessKeySecret == "" || s.SecurityToken == "" {
				return fmt.Errorf("state file %s: STS: a session without its temporary key pair and token", f.Path())
			}
			b.sessions[s.AccessKeyID] = s
		}
	}
	b.state = f
	return nil
}

// saveLocked writes STS's section of the state file, if any. The caller holds b.mu.
func (b *Backend) saveLocked() error {
	if b.state == nil {
		return nil
	}
	sessions := make([]Session, 0, len(b.sessions))
	for _, s := range b.sessions {
		sessions = append(sessions, s)
	}
	if err := b.state.Save(StateSection, sessions); err != nil {
		return apierr.New(500, "InternalError", "The request processing has failed due to some unknown error. (state file: "+err.Error()+")")
	}
	return nil
}
