package backend

// regionNames are the English local names of the regions DescribeRegions lists, as the public region list gives
// them (https://www.alibabacloud.com/help/en/ecs/regions-and-zones); a region not in the table shows its ID.
var regionNames = map[string]string{
	"cn-hangzhou":    "China (Hangzhou)",
	"cn-shanghai":    "China (Shanghai)",
	"cn-beijing":     "China (Beijing)",
	"cn-qingdao":     "China (Qingdao)",
	"cn-zhangjiakou": "China (Zhangjiakou)",
	"cn-shenzhen":    "China (Shenzhen)",
	"cn-hongkong":    "China (Hong Kong)",
	"ap-southeast-1": "Singapore",
	"us-west-1":      "US (Silicon Valley)",
	"eu-central-1":   "Germany (Frankfurt)",
}

// DescribeRegions lists the account's regions in fixture order, the default region first. The document
// (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-regions-describeregions) lists no RegionId
// parameter, so none is checked; InstanceChargeType, ResourceType and AcceptLanguage are validated as documented
// but do not change the list: every emulated region offers everything. LocalName is always in English (the
// document's default is zh-CN; the emulator has no Chinese names), RegionEndpoint is the regional host name
// ecs.<region>.aliyuncs.com, and Status is "available".
func (b *Backend) DescribeRegions(in DescribeRegionsInput) (*DescribeRegionsOutput, error) {
	b.begin()
	defer b.mu.Unlock()
	switch in.InstanceChargeType {
	case "", "PrePaid", "PostPaid", "SpotWithPriceLimit", "SpotAsPriceGo":
	default:
		// The document names no code for an unknown charge type; InvalidParameter is ECS's generic one.
		return nil, ErrInvalidParameter("InstanceChargeType")
	}
	switch in.ResourceType {
	case "", "instance", "disk", "reservedinstance", "scu":
	default:
		return nil, errResourceTypeNotFound
	}
	switch in.AcceptLanguage {
	case "", "zh-CN", "en-US", "ja", "zh-TW", "zh_TW", "fr", "de", "ko":
	default:
		return nil, errAcceptLanguageNotFound
	}
	out := &DescribeRegionsOutput{Regions: RegionList{Region: make([]RegionItem, 0, len(b.w.Regions))}}
	for _, r := range b.w.Regions {
		name := regionNames[r.Region]
		if name == "" {
			name = r.Region
		}
		out.Regions.Region = append(out.Regions.Region, RegionItem{
			RegionId: r.Region, LocalName: name, RegionEndpoint: "ecs." + r.Region + ".aliyuncs.com", Status: "available",
		})
	}
	return out, nil
}
