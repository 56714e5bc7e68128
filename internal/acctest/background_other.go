//go:build !unix

package acctest

import (
	"os"
	"os/exec"
)

// Without process groups the command alone is interrupted and killed.

func ownProcessGroup(*exec.Cmd) {}

func interruptGroup(cmd *exec.Cmd) error { return cmd.Process.Signal(os.Interrupt) }

func killGroup(cmd *exec.Cmd) { _ = cmd.Process.Kill() }
