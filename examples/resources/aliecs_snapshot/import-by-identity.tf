import {
  to = aliecs_snapshot.example
  identity = {
    id = "s-bp17441ohwka0yuhx0ab"
  }
}
