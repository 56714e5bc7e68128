// Command ecs-emulator serves emulated Alibaba Cloud APIs (ECS for what disk snapshots need, in several regions,
// ECD for desktop snapshots, and STS for who signs) on one loopback port, so that the provider, the SDKs and the
// aliyun CLI can be used without an account.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case errors.Is(err, flag.ErrHelp):
		os.Exit(0)
	case err != nil:
		fmt.Fprintln(os.Stderr, "ecs-emulator:", err)
		os.Exit(1)
	}
}

const usageHead = `Usage: ecs-emulator [flags]

Serves emulated Alibaba Cloud APIs over plain HTTP (and HTTPS with -tls-listen), every product on the one port:
  ECS 2014-05-26: CreateSnapshot, DescribeSnapshots, DeleteSnapshot, ModifySnapshotAttribute, TagResources,
                  UntagResources, ListTagResources, JoinResourceGroup, DescribeDisks, DescribeInstances, DescribeRegions,
                  CreateAutoSnapshotPolicy, ModifyAutoSnapshotPolicyEx, DeleteAutoSnapshotPolicy,
                  DescribeAutoSnapshotPolicyEx, ApplyAutoSnapshotPolicy, CancelAutoSnapshotPolicy; policies take
                  automatic snapshots (auto_yyyyMMdd_N) at their hours (UTC+8) on the emulator's clock, which
                  POST /_emulator/ecs/clock {"advance":"168h"} moves forward; CopySnapshot (copies between regions, or
                  encrypted within one, that progress over -copy-duration); CreateSnapshotGroup,
                  DescribeSnapshotGroups, ModifySnapshotGroup, DeleteSnapshotGroup (snapshot-consistent groups: every
                  chosen ESSD at one instant, as ordinary snapshots); StopInstances, StartInstances, StopInstance,
                  StartInstance (Stopping/Starting for -power-duration); ResetDisk (a stopped instance's disk back to
                  one of its snapshots: ReIniting for -rollback-duration; GET /_emulator/ecs/fixture shows the
                  snapshot each disk was last rolled back to)
  STS 2015-04-01: GetCallerIdentity (the key pair is a RAM user of -account-id; with a -security-token, an
                  assumed role), AssumeRole (role acs:ram::<account-id>:role/emulator-role, sessions of 900-3600 s:
                  its temporary STS.* keys and token sign every API until they expire)
  ECD 2020-09-30: Elastic Desktop Service CreateSnapshot, DescribeSnapshots, DeleteSnapshot (same names as ECS's:
                  told apart by the version or ECD's host name) and DescribeDesktops, over built-in cloud desktops
                  (ecd-...) in cn-hangzhou (Running, Stopped, Starting, Pending, Expired) and cn-shanghai, each with
                  a system and a data disk; its snapshots progress over -snapshot-duration on the emulator's clock
  ECS instance metadata (http://100.100.100.200/latest/meta-data/ram/security-credentials/emulator-role): served
                  for requests whose Host is 100.100.100.200, such as those of a client whose HTTP_PROXY is this
                  emulator, so that the provider's ecs_role_name can be tried off ECS
A call goes to the product whose API version it names (or whose host name it was sent to: ecs[.<region>].aliyuncs.com,
sts[.<region>].aliyuncs.com, ecd[.<region>].aliyuncs.com, e.g. through an HTTP proxy setting). ECS holds several regions (the built-in fixture:
cn-hangzhou, the default, cn-shanghai and ap-southeast-1); a call acts in its RegionId, else the region of a regional host name,
else the region of the resource it names. Requests must be signed with the configured key pair, V3
(ACS3-HMAC-SHA256, the v4 SDK's default) or V1 (HMAC-SHA1 Signature parameter). Stops on SIGINT or SIGTERM.

Flags:
`

// options are the parsed flags.
type options struct {
	listen, accessKeyID, accessKeySecret, fixture, stateFile, region, logLevel, accountID, policyDefaults string
	tlsListen, tlsCert, tlsKey, tlsCAFile                                                                 string
	allowRemote                                                                                           bool
	tokens                                                                                                tokenList
	snapshotDuration, copyDuration, maxClockSkew                                                          time.Duration
	powerDuration, rollbackDuration                                                                       time.Duration
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("ecs-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.listen, "listen", "127.0.0.1:8699", "`address` to listen on; must be loopback unless -allow-remote (port 0 = any free port)")
	fs.BoolVar(&o.allowRemote, "allow-remote", false, "allow a non-loopback -listen address (the control endpoints are unauthenticated)")
	fs.StringVar(&o.accessKeyID, "access-key-id", emulator.DefaultAccessKeyID, "the accepted AccessKey `ID`")
	fs.StringVar(&o.accessKeySecret, "access-key-secret", emulator.DefaultAccessKeySecret, "the accepted AccessKey `secret`")
	fs.Var(&o.tokens, "security-token", "an accepted STS security `token` (repeat the flag or separate with commas); none by default,\nand then a request carrying a token is refused")
	fs.DurationVar(&o.snapshotDuration, "snapshot-duration", 30*time.Second, "how long a snapshot (ECS or ECD) takes from 0% to 100% (0 = at once)")
	fs.DurationVar(&o.copyDuration, "copy-duration", 30*time.Second, "how long a CopySnapshot copy takes from 0% to 100% (0 = at once)")
	fs.DurationVar(&o.powerDuration, "power-duration", backend.DefaultPowerDuration, "how long an instance stays Stopping or Starting after StopInstances/StartInstances (0 = at once)")
	fs.DurationVar(&o.rollbackDuration, "rollback-duration", backend.DefaultRollbackDuration, "how long a disk stays ReIniting after ResetDisk (0 = at once)")
	fs.DurationVar(&o.maxClockSkew, "max-clock-skew", emulator.DefaultMaxClockSkew, "how far a request's timestamp may be from the emulator's clock")
	fs.StringVar(&o.accountID, "account-id", emulator.DefaultAccountID, "the Alibaba Cloud account `ID` the key pair belongs to (STS GetCallerIdentity)")
	fs.StringVar(&o.fixture, "fixture", "", "JSON `file` with the starting regions, instances, disks and resource groups\n(keys region_id, instances, disks, resource_groups for the default region; further regions in\n\"regions\":[{\"region_id\":...,\"instances\":...,\"disks\":...,\"resource_groups\":...}]);\ndefault a built-in fixture with cn-hangzhou, cn-shanghai and ap-southeast-1")
	fs.StringVar(&o.stateFile, "state-file", "", "JSON `file` that keeps every product's state across restarts (loaded at start if present,\nrewritten after each change); default memory only")
	fs.StringVar(&o.region, "region", "", "the default region `ID`: a fixture region of that name becomes the default,\nelse it overrides the fixture's (first) region_id")
	fs.StringVar(&o.tlsListen, "tls-listen", "", "also serve HTTPS on this `address` (loopback unless -allow-remote), e.g. 127.0.0.1:8698;\nneeded by assume_role (see TLS below); default off")
	fs.StringVar(&o.tlsCert, "tls-cert", "", "PEM certificate `file` for -tls-listen (with -tls-key); default a certificate issued at start\nby a CA made at start")
	fs.StringVar(&o.tlsKey, "tls-key", "", "PEM private key `file` of -tls-cert")
	fs.StringVar(&o.tlsCAFile, "tls-ca-file", "", "where to write the generated CA certificate to trust (SSL_CERT_FILE);\ndefault ecs-emulator-ca-<port>.pem in the temporary directory")
	fs.StringVar(&o.policyDefaults, "policy-defaults", envOr(policyDefaultsEnv, backend.PolicyDefaultsShow),
		"`mode` of DescribeAutoSnapshotPolicyEx for a policy created without ResourceGroupId and\nCopyEncryptionConfiguration: \"show\" answers the default resource group and an empty configuration,\n\"omit\" neither field (the reference does not settle which the real API does; default from\n$"+policyDefaultsEnv+", else show; PUT /_emulator/ecs/policy-defaults changes it)")
	fs.StringVar(&o.logLevel, "log", "info", "log `level`: debug, info, warn or error (logs go to stderr)")
	fs.Usage = func() {
		_, _ = io.WriteString(stderr, usageHead)
		fs.PrintDefaults()
		_, _ = io.WriteString(stderr, "\n"+tlsUsage)
		_, _ = io.WriteString(stderr, "\n"+emulator.ControlEndpoints())
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if o.snapshotDuration < 0 {
		return nil, errors.New("-snapshot-duration must not be negative")
	}
	if o.copyDuration < 0 {
		return nil, errors.New("-copy-duration must not be negative")
	}
	if o.powerDuration < 0 || o.rollbackDuration < 0 {
		return nil, errors.New("-power-duration and -rollback-duration must not be negative")
	}
	if o.tlsListen == "" && (o.tlsCert != "" || o.tlsKey != "" || o.tlsCAFile != "") {
		return nil, errors.New("-tls-cert, -tls-key and -tls-ca-file configure the TLS listener: add -tls-listen")
	}
	return o, nil
}

// run serves until ctx ends, then shuts down gracefully.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(o.logLevel)); err != nil {
		return fmt.Errorf("-log %q: want debug, info, warn or error", o.logLevel)
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	if err := checkLoopback(o.listen, o.allowRemote); err != nil {
		return err
	}

	fixture := backend.DefaultFixture()
	if o.fixture != "" {
		if fixture, err = backend.LoadFixture(o.fixture); err != nil {
			return err
		}
	}
	if o.region != "" {
		fixture.WithDefaultRegion(o.region)
	}
	b, err := backend.New(backend.Options{SnapshotDuration: o.snapshotDuration, Fixture: fixture, StateFile: o.stateFile,
		PolicyDefaults: o.policyDefaults})
	if err != nil {
		return err
	}
	// Set apart from Options, where 0 means "as long as a snapshot": here 0 means at once.
	b.SetCopyDuration(o.copyDuration)
	b.SetPowerDuration(o.powerDuration)
	b.SetRollbackDuration(o.rollbackDuration)
	srv, err := emulator.Open(b, emulator.Config{
		AccessKeyID: o.accessKeyID, AccessKeySecret: o.accessKeySecret, SecurityTokens: o.tokens,
		MaxClockSkew: o.maxClockSkew, Logger: logger, AccountID: o.accountID,
	})
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return err
	}
	var tl *tlsListener
	if o.tlsListen != "" {
		if tl, err = listenTLS(o); err != nil {
			_ = ln.Close()
			return err
		}
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}
	url := "http://" + ln.Addr().String()
	stsURL := url
	if tl != nil {
		stsURL = tl.url // so that assume_role works too (HTTPS only); GetCallerIdentity is served on both
	}
	fmt.Fprintf(stdout, "ecs-emulator listening on %s (region %s)\n", url, b.Region())
	fmt.Fprintf(stdout, "export ALIECS_ENDPOINT=%s\n", url)
	fmt.Fprintf(stdout, "export ALIECS_STS_ENDPOINT=%s\n", stsURL)
	fmt.Fprintf(stdout, "export ALIECS_ECD_ENDPOINT=%s\n", url)
	// The key pair is the emulator's own, not a secret; one the operator chose is theirs to type.
	if o.accessKeySecret == emulator.DefaultAccessKeySecret {
		fmt.Fprintf(stdout, "export ALIBABA_CLOUD_REGION_ID=%s ALIBABA_CLOUD_ACCESS_KEY_ID=%s ALIBABA_CLOUD_ACCESS_KEY_SECRET=%s\n",
			b.Region(), o.accessKeyID, o.accessKeySecret)
	} else {
		fmt.Fprintf(stdout, "export ALIBABA_CLOUD_REGION_ID=%s ALIBABA_CLOUD_ACCESS_KEY_ID=%s # and the -access-key-secret\n",
			b.Region(), o.accessKeyID)
	}
	fmt.Fprintf(stdout, "# ECS %s regions %s; STS %s; account %s\n", emulator.APIVersion, strings.Join(b.Regions(), ","),
		emulator.STSAPIVersion, o.accountID)
	if tl != nil {
		printTLS(stdout, tl, o.accountID)
	}
	printFixture(stdout, b.FixtureView()) // FixtureView has the desktops once Open has wired ECD in

	listeners := []net.Listener{ln}
	if tl != nil {
		listeners = append(listeners, tl)
	}
	served := make(chan error, len(listeners))
	for _, l := range listeners {
		go func() { served <- hs.Serve(l) }()
	}
	select {
	case err := <-served:
		_ = hs.Close()
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		return err
	}
	for range listeners {
		if err := <-served; !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	}
	return nil
}

// policyDefaultsEnv sets -policy-defaults' default, so that a test suite can run against either mode without
// changing the command line that starts the emulator.
const policyDefaultsEnv = "ALIECS_EMULATOR_POLICY_DEFAULTS"

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// checkLoopback refuses to listen beyond this machine unless asked: the control endpoints are unsigned.
func checkLoopback(addr string, allowRemote bool) error {
	if allowRemote {
		return nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-listen %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("-listen %q is not a loopback address; the control endpoints are unauthenticated, so pass -allow-remote to serve beyond this machine", addr)
}

// tokenList is a flag that may be repeated and may hold comma-separated values.
type tokenList []string

func (t *tokenList) String() string { return strings.Join(*t, ",") }

func (t *tokenList) Set(v string) error {
	for tok := range strings.SplitSeq(v, ",") {
		if tok = strings.TrimSpace(tok); tok != "" {
			*t = append(*t, tok)
		}
	}
	return nil
}
