//go:build unix

package acctest

import (
	"os/exec"
	"syscall"
)

// ownProcessGroup makes cmd lead a process group of its own, which the processes it starts join.
func ownProcessGroup(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} }

// interruptGroup sends SIGINT to cmd's process group, as Ctrl-C in a terminal does.
func interruptGroup(cmd *exec.Cmd) error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGINT) }

// killGroup kills what is left of cmd's process group (its ID is cmd's PID).
func killGroup(cmd *exec.Cmd) { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
