# Terraform 1.5 and later can import in configuration, then plan and apply as usual.
import {
  to = callfire_subscription.example
  id = "609951003"
}
