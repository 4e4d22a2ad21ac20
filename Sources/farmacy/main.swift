import FarmacyCLI

FarmacyCommand.main()
