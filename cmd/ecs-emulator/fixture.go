package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// maxFixtureLines bounds the start-up listing, so that a large -fixture does not bury the endpoint lines; the
// rest is one GET /_emulator/ecs/fixture away.
const maxFixtureLines = 12

// printFixture writes, as shell comments, the disks that accept snapshots grouped by region and instance, then
// those that refuse them with the error code CreateSnapshot would answer, so that a configuration can be written
// against the emulator without reading its fixture.
func printFixture(w io.Writer, regions []backend.RegionView) {
	var lines, refused []string
	for _, r := range regions {
		byInstance := map[string][]string{}
		for _, d := range r.Disks {
			if !d.AcceptsSnapshots {
				refused = append(refused, fmt.Sprintf("%s (%s)", d.DiskID, d.Refusal))
				continue
			}
			byInstance[d.InstanceID] = append(byInstance[d.InstanceID], d.DiskID+" "+d.Type)
		}
		for _, in := range r.Instances {
			if disks := byInstance[in.InstanceID]; len(disks) > 0 {
				lines = append(lines, fmt.Sprintf("%s %s %s (%s): %s", r.RegionID, in.InstanceID, in.InstanceName, in.Status,
					strings.Join(disks, ", ")))
			}
		}
		if disks := byInstance[""]; len(disks) > 0 {
			lines = append(lines, fmt.Sprintf("%s detached: %s", r.RegionID, strings.Join(disks, ", ")))
		}
	}
	if len(lines) > maxFixtureLines {
		lines = append(lines[:maxFixtureLines], fmt.Sprintf("... and %d more lines", len(lines)-maxFixtureLines))
	}
	fmt.Fprintln(w, "# disks that accept snapshots, by region and instance (all of it as JSON: GET /_emulator/ecs/fixture):")
	for _, l := range lines {
		fmt.Fprintln(w, "#   "+l)
	}
	if len(refused) > 0 {
		if len(refused) > maxFixtureLines {
			refused = append(refused[:maxFixtureLines], fmt.Sprintf("... and %d more", len(refused)-maxFixtureLines))
		}
		fmt.Fprintln(w, "# disks that refuse snapshots: "+strings.Join(refused, ", "))
	}
	printDesktops(w, regions)
}

// printDesktops writes the cloud desktops (ECD) by region, those that take snapshots first (what
// aliecs_desktop_snapshot's desktop_id can name), then the others with their status.
func printDesktops(w io.Writer, regions []backend.RegionView) {
	var lines, refused []string
	for _, r := range regions {
		var ok []string
		for _, d := range r.Desktops {
			if !d.AcceptsSnapshots {
				refused = append(refused, fmt.Sprintf("%s (%s: %s)", d.DesktopID, d.Status, d.Refusal))
				continue
			}
			ok = append(ok, fmt.Sprintf("%s %s (%s)", d.DesktopID, d.DesktopName, d.Status))
		}
		if len(ok) > 0 {
			lines = append(lines, r.RegionID+": "+strings.Join(ok, ", "))
		}
	}
	if len(lines) == 0 && len(refused) == 0 {
		return
	}
	if len(lines) > maxFixtureLines {
		lines = append(lines[:maxFixtureLines], fmt.Sprintf("... and %d more lines", len(lines)-maxFixtureLines))
	}
	fmt.Fprintln(w, "# cloud desktops (ECD) that accept snapshots, by region (GET /_emulator/ecd/desktops):")
	for _, l := range lines {
		fmt.Fprintln(w, "#   "+l)
	}
	if len(refused) > 0 {
		if len(refused) > maxFixtureLines {
			refused = append(refused[:maxFixtureLines], fmt.Sprintf("... and %d more", len(refused)-maxFixtureLines))
		}
		fmt.Fprintln(w, "# desktops that refuse snapshots: "+strings.Join(refused, ", "))
	}
}
