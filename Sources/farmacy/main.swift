import FarmacyCLI

await FarmacyCommand.main()
