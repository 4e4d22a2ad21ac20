enum FarmacyTestSupportPlaceholder {}
