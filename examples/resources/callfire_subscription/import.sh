# A subscription is imported by CallFire's numeric id; every attribute is read back from
# CallFire, so the next plan is empty when the configuration matches.
terraform import callfire_subscription.example 609951003
