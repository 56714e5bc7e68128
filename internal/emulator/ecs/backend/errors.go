package backend

import "github.com/aliecs/terraform-provider-aliecs/internal/emulator/apierr"

// Error is the API error every call answers with (shared by all emulated products).
type Error = apierr.Error

func apiErr(status int, code, msg string) *Error {
	return apierr.New(status, code, msg)
}

// ErrMissingParameter answers a request without a mandatory parameter, in ECS's words.
func ErrMissingParameter(param string) *Error { return apierr.MissingParameter(param) }

// ErrInvalidParameter answers a value the documents give no dedicated code for (a boolean that is not
// true/false, say) with the generic InvalidParameter, as ECS's gateway does.
func ErrInvalidParameter(param string) *Error { return apierr.InvalidParameter(param) }

// errRegionNotFound answers a RegionId the account has no such region for. ECS documents 404
// InvalidRegionId.NotFound for it (for example https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesnapshotgroups);
// InvalidRegionId.MalFormed, which CopySnapshot also lists, is kept for a malformed ID and the emulator does not
// judge the shape of region IDs, so every unknown region answers NotFound.
func errRegionNotFound() *Error {
	return apiErr(404, "InvalidRegionId.NotFound", "The specified RegionId does not exist.")
}

func errDryRun() *Error {
	return apiErr(400, "DryRunOperation", "Request validation has been passed with DryRun flag set.")
}

var (
	errSnapshotNameMalformed = apiErr(400, "InvalidSnapshotName.Malformed", "The specified SnapshotName is wrongly formed.")
	// The document lists 404 for a malformed description, and so do we.
	errDescriptionMalformed  = apiErr(404, "InvalidDescription.Malformed", "The specified description is wrongly formed.")
	errRetentionMalformed    = apiErr(400, "InvalidRetentionDays.Malformed", "The specified RetentionDays is not valid.")
	errCategoryMalformed     = apiErr(403, "InvalidSnapshotCategory.Malformed", "The specified Category is not valid.")
	errTagKeyMalformed       = apiErr(400, "InvalidTagKey.Malformed", "The specified Tag.n.Key is not valid.")
	errTagValueMalformed     = apiErr(400, "InvalidTagValue.Malformed", "The specified Tag.n.Value is not valid.")
	errDuplicateTagKey       = apiErr(400, "Duplicate.TagKey", "The Tag.N.Key contain duplicate key.")
	errCreateTagsQuota       = apiErr(403, "QuotaExceed.Tags", "The number of tags exceeds the upper limit of 20.")
	errDiskNotFound          = apiErr(404, "InvalidDiskId.NotFound", "The specified DiskId does not exist.")
	errCreatingSnapshot      = apiErr(403, "IncorrectDiskStatus.CreatingSnapshot", "A previous snapshot creation is in process.")
	errSnapshotQuota         = apiErr(403, "QuotaExceed.Snapshot", "The snapshot quota exceeds.")
	errNeverAttached         = apiErr(403, "IncorrectDiskStatus.NeverAttached", "The specified disk has never been attached to any instance.")
	errNeverUsed             = apiErr(403, "IncorrectDiskStatus.NeverUsed", "The specified disk has never been used after creating.")
	errInstanceStatus        = apiErr(400, "IncorrectInstanceStatus", "The current status of the resource does not support this operation.")
	errInstanceLocked        = apiErr(403, "InstanceLockedForSecurity", "The disk attached instance is locked due to security.")
	errDiskCategoryOperation = apiErr(400, "DiskCategory.OperationNotSupported", "The operation is not supported to the specified disk due to its disk category")
	errIdempotentMismatch    = apiErr(403, "IdempotentParameterMismatch", "The specified clientToken is used.")
	// ECS answers an unknown resource group with this code in every operation that takes ResourceGroupId.
	errResourceGroupNotFound = apiErr(404, "InvalidResourceGroup.NotFound", "The ResourceGroup provided does not exist in our records.")

	errSnapshotIDsMalformed = apiErr(403, "InvalidSnapshotIds.Malformed", "The amount of specified specified snapshot Ids exceeds the limit.")
	errFilterKeyNotFound    = apiErr(404, "InvalidFilterKey.NotFound", "The specified FilterKey is not found.")
	errFilterValue          = apiErr(404, "InvalidFilterValue", "The specified FilterValue exceeds the limit.")
	// The next two messages keep the document's spelling: clients may match on them.
	errUsageInvalid          = apiErr(404, "InvalidUsage", "The specifed Usage is not valid.")                   //nolint:misspell // as documented
	errSourceDiskTypeInvalid = apiErr(404, "InvalidSourceDiskType", "The specifed SourceDiskType is not valid.") //nolint:misspell // as documented
	errStatusNotFound        = apiErr(404, "InvalidStatus.NotFound", "The specified Status is not found.")
	errSnapshotTypeNotFound  = apiErr(404, "InvalidSnapshotType.NotFound", "The specfied SnapshotType is not found.")
	errSnapshotLinkNotFound  = apiErr(404, "InvalidSnapshotLinkId.NotFound", "The specified snapshot link is not found.")
	errTagMismatch           = apiErr(400, "InvalidTag.Mismatch", "The specified Tag.n.Key and Tag.n.Value are not match.")
	errTagCount              = apiErr(400, "InvalidTagCount", "The specified tags are beyond the permitted range.")

	// Paging codes as ECS's list operations document them (DescribeInvocations and others).
	errPageNumber = apiErr(400, "InvalidParam.PageNumber", "The specified parameter is invalid.")
	errPageSize   = apiErr(400, "InvalidParam.PageSize", "The specified parameter is invalid.")
	errNextToken  = apiErr(400, "InvalidParameter.NextToken", "The specified parameter NextToken is not valid.")
	errMaxResults = apiErr(400, "InvalidParameter.MaxResults", "The specified parameter MaxResults is not valid.")

	errSnapshotNotFound     = apiErr(404, "InvalidSnapshotId.NotFound", "The specified SnapshotId does not exist.")
	errSnapshotCreatedImage = apiErr(403, "SnapshotCreatedImage", "The snapshot has been used to create custom image, and can not be deleted.")
	errSnapshotCreatedDisk  = apiErr(403, "SnapshotCreatedDisk", "The snapshot has been used to create disk, and can not be deleted unless Force is true.")

	// Tag-service codes, as ECS's TagResources/UntagResources/ListTagResources document them.
	errResourceTypeNotFound = apiErr(404, "InvalidResourceType.NotFound", "The ResourceType provided does not exist in our records.")
	errResourceIDNotFound   = apiErr(404, "InvalidResourceId.NotFound", "The specified ResourceIds are not found in our records.")
	errResourceIDsNumber    = apiErr(400, "NumberExceed.ResourceIds", "The ResourceIds parameter's number is exceed , Valid : 50")
	errTagsNumber           = apiErr(400, "NumberExceed.Tags", "The Tags parameter's number is exceed , Valid : 20")
	errMissingTags          = apiErr(404, "MissingParameter.Tags", "The parameter - Tags should not be null")
	errResourceTagQuota     = apiErr(400, "OperationDenied.QuotaExceed", "The quota of tags on resource is beyond permitted range.")

	// DescribeRegions' documented code for a language it does not offer.
	errAcceptLanguageNotFound = apiErr(404, "InvalidAcceptLanguage.NotFound", "Only Chinese (zh-CN), English (en-US), and Japanese (ja) are allowed.")

	errDiskIDsMalformed     = apiErr(400, "InvalidDiskIds.Malformed", "The amount of specified disk Ids exceeds the limit.")
	errInstanceIDsMalformed = apiErr(400, "InvalidInstanceIds.Malformed", "The amount of specified instance Ids exceeds the limit.")
)
