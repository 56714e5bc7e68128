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

// regionNamesZH are the same names in Chinese, as the Chinese region list gives them
// (https://help.aliyun.com/zh/ecs/product-overview/regions-and-zones): what LocalName shows without AcceptLanguage,
// whose default is zh-CN.
var regionNamesZH = map[string]string{
	"cn-hangzhou":    "华东1（杭州）",
	"cn-shanghai":    "华东2（上海）",
	"cn-beijing":     "华北2（北京）",
	"cn-qingdao":     "华北1（青岛）",
	"cn-zhangjiakou": "华北3（张家口）",
	"cn-shenzhen":    "华南1（深圳）",
	"cn-hongkong":    "中国香港",
	"ap-southeast-1": "新加坡",
	"us-west-1":      "美国（硅谷）",
	"eu-central-1":   "德国（法兰克福）",
}

// DescribeRegions lists the account's regions in fixture order, the default region first. The document
// (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-regions-describeregions) lists no RegionId
// parameter, so none is checked; InstanceChargeType, ResourceType and AcceptLanguage are validated as documented
// but do not change the list: every emulated region offers everything. LocalName is in Chinese without
// AcceptLanguage, the document's default (zh-CN), and with zh-CN or zh-TW (the emulator keeps simplified names
// only); in English with any other accepted language (en-US; the emulator has no Japanese, French, German or
// Korean names and answers English, the language its other messages are in). RegionEndpoint is the regional host name
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
		names := regionNames
		switch in.AcceptLanguage {
		case "", "zh-CN", "zh-TW", "zh_TW":
			names = regionNamesZH
		}
		name := names[r.Region]
		if name == "" {
			name = r.Region
		}
		out.Regions.Region = append(out.Regions.Region, RegionItem{
			RegionId: r.Region, LocalName: name, RegionEndpoint: "ecs." + r.Region + ".aliyuncs.com", Status: "available",
		})
	}
	return out, nil
}
