# An attachment is imported by <auto_snapshot_policy_id>:<disk_id>.
terraform import aliecs_auto_snapshot_policy_attachment.app_data sp-bp1example0policy01:d-bp1c8n4x2w6yz0t5pq3s
