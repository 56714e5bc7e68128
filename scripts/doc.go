// Package scripts holds no Go code of its own: its tests run the shell scripts that make targets run.
package scripts
