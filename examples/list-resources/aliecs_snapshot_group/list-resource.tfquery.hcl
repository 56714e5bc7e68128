# The snapshot-consistent groups of one instance.
list "aliecs_snapshot_group" "web" {
  provider = aliecs
  config {
    instance_id = "i-bp1h6jmbefj2cyqs6vrq"
  }
}
