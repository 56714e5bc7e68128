package ecs_test

import (
	"testing"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
)

// Every ECS resource's import, by ID and by identity, with an import block or terraform import, describes the
// object once: the Read that follows the import uses what the import found.
func TestAccImport_describesOnce(t *testing.T) {
	acctest.Long(t)
	t.Parallel()
	seed := func(t *testing.T, env *acctest.Env, f func(api ecsclient.Client) (string, error)) string {
		t.Helper()
		id, err := f(env.ECSClient(t))
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	for _, c := range []struct {
		name string
		// object seeds what is imported through the API, as a user's console would.
		object func(t *testing.T, env *acctest.Env) acctest.ImportedObject
	}{
		{"snapshot", func(t *testing.T, env *acctest.Env) acctest.ImportedObject {
			id := seed(t, env, func(api ecsclient.Client) (string, error) {
				return api.CreateSnapshot(t.Context(), ecsclient.CreateSnapshotInput{DiskID: env.DiskID})
			})
			return acctest.ImportedObject{Type: "aliecs_snapshot", ID: id, Identity: map[string]string{"id": id}, Describe: "DescribeSnapshots"}
		}},
		{"snapshot_copy", func(t *testing.T, env *acctest.Env) acctest.ImportedObject {
			second, disk := env.SecondRegion(t)
			source := env.ECSClientIn(t, second)
			sourceID, err := source.CreateSnapshot(t.Context(), ecsclient.CreateSnapshotInput{DiskID: disk})
			if err != nil {
				t.Fatal(err)
			}
			id, err := source.CopySnapshot(t.Context(), ecsclient.CopySnapshotInput{SnapshotID: sourceID, DestinationRegionID: env.Region()})
			if err != nil {
				t.Fatal(err)
			}
			return acctest.ImportedObject{Type: "aliecs_snapshot_copy", ID: id, Identity: map[string]string{"id": id}, Describe: "DescribeSnapshots"}
		}},
		{"auto_snapshot_policy", func(t *testing.T, env *acctest.Env) acctest.ImportedObject {
			id := seed(t, env, createPolicy(t))
			return acctest.ImportedObject{Type: "aliecs_auto_snapshot_policy", ID: id, Identity: map[string]string{"id": id},
				Describe: "DescribeAutoSnapshotPolicyEx"}
		}},
		{"auto_snapshot_policy_attachment", func(t *testing.T, env *acctest.Env) acctest.ImportedObject {
			policy := seed(t, env, createPolicy(t))
			if err := env.ECSClient(t).ApplyAutoSnapshotPolicy(t.Context(), policy, []string{env.DiskID}); err != nil {
				t.Fatal(err)
			}
			return acctest.ImportedObject{Type: "aliecs_auto_snapshot_policy_attachment", ID: policy + ":" + env.DiskID,
				Identity: map[string]string{"auto_snapshot_policy_id": policy, "disk_id": env.DiskID}, Describe: "DescribeDisks"}
		}},
		{"snapshot_group", func(t *testing.T, env *acctest.Env) acctest.ImportedObject {
			id := seed(t, env, func(api ecsclient.Client) (string, error) {
				return api.CreateSnapshotGroup(t.Context(), ecsclient.CreateSnapshotGroupInput{InstanceID: groupInstance})
			})
			return acctest.ImportedObject{Type: "aliecs_snapshot_group", ID: id, Identity: map[string]string{"id": id}, Describe: "DescribeSnapshotGroups"}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			env := acctest.NewWithOptions(t, acctest.Options{SnapshotDuration: -1})
			env.SkipIfRealCloud(t)
			env.CheckImportDescribesOnce(t, c.object(t, env))
		})
	}
}

func createPolicy(t *testing.T) func(api ecsclient.Client) (string, error) {
	return func(api ecsclient.Client) (string, error) {
		retention := 7
		return api.CreateAutoSnapshotPolicy(t.Context(), ecsclient.AutoSnapshotPolicyInput{TimePoints: []int{1}, RepeatWeekdays: []int{1}, RetentionDays: &retention})
	}
}
