terraform {
  required_version = ">= 1.11"

  required_providers {
    callfire = {
      source = "callfire/callfire"
    }
  }
}

# Generated API credentials (CallFire account settings, API Access), not the web login.
# Leave both variables unset to use CALLFIRE_USERNAME and CALLFIRE_PASSWORD instead.
variable "callfire_username" {
  description = "CallFire API username; null falls back to CALLFIRE_USERNAME."
  type        = string
  default     = null
}

variable "callfire_password" {
  description = "CallFire API password; null falls back to CALLFIRE_PASSWORD."
  type        = string
  default     = null
  sensitive   = true
}

provider "callfire" {
  username = var.callfire_username
  password = var.callfire_password

  # Optional: retry a request up to 6 times and give each attempt 20 seconds.
  max_retries     = 6
  request_timeout = "20s"
}
