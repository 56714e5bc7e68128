package backend

import "github.com/aliecs/terraform-provider-aliecs/internal/emulator/apierr"

// Error is the API error every call answers with (shared by all emulated products).
type Error = apierr.Error

// ECD's CreateSnapshot, DescribeSnapshots and DeleteSnapshot pages list no error codes of their own, only a link
// to ECD's error center (https://www.alibabacloud.com/help/en/wuying-workspace/developer-reference/api-ecd-2020-09-30-describesnapshots).
// Every refusal below therefore answers the code and HTTP status ECS documents for the same situation
// (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createsnapshot and
// https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesnapshots), so clients
// that know ECS's codes read ECD's the same way.
var (
	// ECS: 404 InvalidRegionId.NotFound for a region the account does not have.
	errRegionNotFound = apierr.New(404, "InvalidRegionId.NotFound", "The specified RegionId does not exist.")
	// ECS CreateSnapshot: 400 InvalidSnapshotName.Malformed.
	errSnapshotNameMalformed = apierr.New(400, "InvalidSnapshotName.Malformed", "The specified SnapshotName is wrongly formed.")
	// ECS CreateSnapshot: 404 InvalidDescription.Malformed (the document's status, odd as it is).
	errDescriptionMalformed = apierr.New(404, "InvalidDescription.Malformed", "The specified description is wrongly formed.")
	// ECS DescribeSnapshots: 404 InvalidSourceDiskType, message spelt as documented.
	errSourceDiskTypeInvalid = apierr.New(404, "InvalidSourceDiskType", "The specifed SourceDiskType is not valid.") //nolint:misspell // as documented
	// ECS DescribeSnapshots: 404 InvalidSnapshotType.NotFound, message spelt as documented.
	errSnapshotTypeNotFound = apierr.New(404, "InvalidSnapshotType.NotFound", "The specfied SnapshotType is not found.") //nolint:misspell // as documented
	// A desktop is ECD's instance: ECS CreateSnapshot answers 404 InvalidInstanceId.NotFound for an unknown instance.
	errDesktopNotFound = apierr.New(404, "InvalidInstanceId.NotFound", "The specified InstanceId does not exist.")
	// ECS CreateSnapshot: 400 IncorrectInstanceStatus when the instance's status does not allow a snapshot.
	errDesktopStatus = apierr.New(400, "IncorrectInstanceStatus", "The current status of the resource does not support this operation.")
	// ECS DeleteSnapshot: 404 InvalidSnapshotId.NotFound.
	errSnapshotNotFound = apierr.New(404, "InvalidSnapshotId.NotFound", "The specified SnapshotId does not exist.")
	// ECS DescribeSnapshots: 403 InvalidSnapshotIds.Malformed for more IDs than a call takes.
	errSnapshotIDsMalformed = apierr.New(403, "InvalidSnapshotIds.Malformed", "The amount of specified specified snapshot Ids exceeds the limit.")
	// ECS DescribeInstances: 400 InvalidInstanceIds.Malformed for more IDs than a call takes.
	errDesktopIDsMalformed = apierr.New(400, "InvalidInstanceIds.Malformed", "The amount of specified instance Ids exceeds the limit.")
	// ECS's token-paged list operations: 400 InvalidParameter.NextToken / InvalidParameter.MaxResults.
	errNextToken  = apierr.New(400, "InvalidParameter.NextToken", "The specified parameter NextToken is not valid.")
	errMaxResults = apierr.New(400, "InvalidParameter.MaxResults", "The specified parameter MaxResults is not valid.")
)

// errMissing answers a request without a mandatory parameter, as every RPC API does.
func errMissing(param string) *Error { return apierr.MissingParameter(param) }

// errInvalid answers a value the documents give no code for (a time that is not yyyy-MM-ddTHH:mm:ssZ) with the
// gateway's generic InvalidParameter.
func errInvalid(param string) *Error { return apierr.InvalidParameter(param) }
