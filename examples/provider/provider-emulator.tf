# Against the ECS emulator shipped with this provider (go run ./cmd/ecs-emulator):
# plain HTTP is accepted because the endpoint is on loopback.
provider "aliecs" {
  alias      = "emulator"
  region     = "cn-hangzhou"
  endpoint   = "http://127.0.0.1:8699"
  access_key = "emulator-access-key-id"
  secret_key = "emulator-access-key-secret"
}
