module "state_backend" {
  source = "./modules/state-backend"

  bucket_name = "acme-platform-tfstate"
}

module "state_bucket_policy" {
  source = "./modules/state-bucket-policy"

  bucket_arn  = module.state_backend.bucket_arn
  bucket_id   = module.state_backend.bucket_id
  kms_key_arn = module.state_backend.kms_key_arn
}
