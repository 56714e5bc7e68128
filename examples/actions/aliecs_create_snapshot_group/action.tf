# Every disk of the database server at one instant, on demand:
#   terraform apply -invoke=action.aliecs_create_snapshot_group.db
action "aliecs_create_snapshot_group" "db" {
  config {
    instance_id = "i-bp1h6jmbefj2cyqs6vrq"
    name        = "db.before-maintenance"
    description = "all disks of the database server, before maintenance"
    tags = {
      app = "postgres"
    }
  }
}
