# terraform apply -invoke=action.aliecs_stop_instance.batch
action "aliecs_stop_instance" "batch" {
  config {
    instance_id  = "i-bp1h6jmbefj2cyqs6vrq"
    stopped_mode = "KeepCharging"

    timeouts {
      invoke = "15m"
    }
  }
}
