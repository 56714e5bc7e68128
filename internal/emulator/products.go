package emulator

import (
	"fmt"
	"time"

	ecdwire "github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecd"
	ecdbackend "github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecd/backend"
	ecswire "github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
	stswire "github.com/aliecs/terraform-provider-aliecs/internal/emulator/sts"
	stsbackend "github.com/aliecs/terraform-provider-aliecs/internal/emulator/sts/backend"
)

// The products the emulator serves, and the wiring between them, are in this file alone.

// APIVersion is the ECS API version the emulator speaks; STS speaks STSAPIVersion, ECD ECDAPIVersion.
const (
	APIVersion    = ecswire.Version
	STSAPIVersion = stswire.Version
	ECDAPIVersion = ecdwire.Version
)

// Defaults of Config's identity: who the emulated key pair belongs to, as STS GetCallerIdentity answers it.
const (
	DefaultAccountID = stsbackend.DefaultAccountID
	DefaultUserName  = stsbackend.DefaultUserName
	DefaultUserID    = stsbackend.DefaultUserID
)

// builtin are the backends of the products Open serves.
type builtin struct {
	ecs *backend.Backend
	ecd *ecdbackend.Backend
}

// Open serves ECS from b, with STS and ECD beside it, to callers holding cfg's credentials. STS and ECD keep their
// state in b's state file, beside ECS's; ECD runs on b's clock and snapshot duration, so that one clock and one
// duration control time in both products. ECS comes first: it renders the errors of calls no product can be
// told for, as the emulator's first product always has.
func Open(b *backend.Backend, cfg Config) (*Server, error) {
	cfg = cfg.withDefaults()
	sts := stsbackend.NewWithClock(stsbackend.Identity{AccountID: cfg.AccountID, UserName: cfg.UserName, UserID: cfg.UserID,
		Roles: cfg.Roles}, cfg.Now)
	if err := sts.UseStateFile(b.StateFile()); err != nil {
		return nil, err
	}
	ecd, err := ecdbackend.New(ecdbackend.Options{Now: b.Now, Duration: b.SnapshotDuration, Creator: sts.Identity().UserName,
		State: b.StateFile()})
	if err != nil {
		return nil, err
	}
	// GET /_emulator/ecs/fixture (and /_emulator/fixture) lists each region's desktops beside its disks, so that
	// one answer names everything a configuration can snapshot.
	b.SetDesktopViews(func() map[string][]backend.DesktopView { return desktopViews(ecd) })
	s := newServer(cfg, sts, ecswire.Register(b), stswire.Register(sts), ecdwire.Register(ecd))
	s.builtin = builtin{ecs: b, ecd: ecd}
	return s, nil
}

// NewServer is Open for a backend whose state file, if it has one, Open has read before or whose other sections
// are known to load; it panics where Open fails.
func NewServer(b *backend.Backend, cfg Config) *Server {
	s, err := Open(b, cfg)
	if err != nil {
		panic(fmt.Sprintf("emulator: %v (use Open to handle it)", err))
	}
	return s
}

// ControlEndpoints is the help text of the controls of a server as Open makes it (for --help, before there is
// one).
func ControlEndpoints() string {
	b, err := backend.New(backend.Options{})
	if err != nil {
		panic(err) // the built-in fixture is valid: its tests say so
	}
	return NewServer(b, Config{}).Help()
}

// Backend is the ECS state the server serves.
func (s *Server) Backend() *backend.Backend { return s.builtin.ecs }

// STS is the STS backend the server serves (who the key pair belongs to).
func (s *Server) STS() *stsbackend.Backend { return s.sts }

// ECD is the ECD backend the server serves (desktops and their snapshots).
func (s *Server) ECD() *ecdbackend.Backend { return s.builtin.ecd }

// AdvanceClock moves the emulator's clock (ECS's, which ECD follows) forward by d (see backend.AdvanceClock) and
// returns its new now. Signature checks and STS sessions keep the real clock: clients sign with theirs.
func (s *Server) AdvanceClock(d time.Duration) (time.Time, error) {
	return s.builtin.ecs.AdvanceClock(d)
}

// desktopViews are ECD's desktops per region as the ECS fixture view shows them.
func desktopViews(ecd *ecdbackend.Backend) map[string][]backend.DesktopView {
	out := map[string][]backend.DesktopView{}
	for _, d := range ecd.Desktops() {
		v := backend.DesktopView{DesktopID: d.DesktopID, DesktopName: d.DesktopName, Status: d.DesktopStatus, AcceptsSnapshots: true}
		if refusal := ecdbackend.SnapshotRefusal(d.DesktopStatus); refusal != "" {
			v.AcceptsSnapshots, v.Refusal = false, refusal
		}
		out[d.RegionID] = append(out[d.RegionID], v)
	}
	return out
}
