import Testing
@testable import FarmacyApp

@Suite struct ThemeTests {}
