# The disks of one instance that carry a policy.
list "aliecs_auto_snapshot_policy_attachment" "web" {
  provider = aliecs
  config {
    instance_id = "i-bp1h6jmbefj2cyqs6vrq"
  }
}
