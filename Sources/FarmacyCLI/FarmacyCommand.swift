import ArgumentParser

public struct FarmacyCommand: AsyncParsableCommand {
  public init() {}
  public static let configuration = CommandConfiguration(commandName: "farmacy")
}
