import {
  to = aliecs_desktop_snapshot.example
  identity = {
    id = "s-bp1b3c5d7e9f1g3h5j7k"
  }
}
