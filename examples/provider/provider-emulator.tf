# Against the emulator shipped with this provider (go run ./cmd/ecs-emulator), which serves ECS and STS on one
# port: plain HTTP is accepted because the endpoint is on loopback.
provider "aliecs" {
  alias      = "emulator"
  region     = "cn-hangzhou"
  access_key = "emulator-access-key-id"
  secret_key = "emulator-access-key-secret"

  endpoints {
    ecs = "http://127.0.0.1:8699"
    sts = "http://127.0.0.1:8699"
  }
}

# A second region of the same account: resources name it with provider = aliecs.shanghai.
provider "aliecs" {
  alias  = "shanghai"
  region = "cn-shanghai"
}
