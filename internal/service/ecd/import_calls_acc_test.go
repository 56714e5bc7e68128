package ecd_test

import (
	"testing"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecdclient"
)

// The desktop snapshot's import, by ID and by identity, with an import block or terraform import, describes the
// snapshot once: the Read that follows the import uses what the import found.
func TestAccDesktopSnapshot_importDescribesOnce(t *testing.T) {
	acctest.Long(t)
	t.Parallel()
	env := acctest.NewWithOptions(t, acctest.Options{SnapshotDuration: -1})
	env.SkipIfRealCloud(t)
	id, err := env.ECDClient(t).CreateSnapshot(t.Context(), ecdclient.CreateSnapshotInput{DesktopID: env.RunningDesktopID(t), SnapshotName: "imported", SourceDiskType: "system"})
	if err != nil {
		t.Fatal(err)
	}
	env.CheckImportDescribesOnce(t, acctest.ImportedObject{Type: "aliecs_desktop_snapshot", ID: id, Identity: map[string]string{"id": id},
		Describe: "ecd:DescribeSnapshots"})
}
