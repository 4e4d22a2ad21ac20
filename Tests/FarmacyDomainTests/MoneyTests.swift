import FarmacyDomain
import Testing

@Suite struct MoneyTests {
  @Test(arguments: [
    ("12.34", 1_234), ("0", 0), ("-3.5", -350), ("1,234.56", 123_456), (".5", 50), ("7.", 700), ("2.500", 250),
  ])
  func parsing_acceptsPlainDecimals(text: String, minor: Int64) {
    #expect(Money(parsing: text, currency: .eur)?.minorUnits == minor)
  }

  @Test(arguments: ["", "abc", "1.234", "1.2.3", "--1", "1e3", "１２", "99999999999999999999"])
  func parsing_refusesWhatIsNotAnAmount(text: String) {
    #expect(Money(parsing: text, currency: .eur) == nil)
  }

  @Test func parsing_followsTheCurrencyDigits() {
    #expect(Money(parsing: "1500", currency: .jpy)?.minorUnits == 1_500)
    #expect(Money(parsing: "1.5", currency: .jpy) == nil)
    #expect(Money(parsing: "1.234", currency: CurrencyCode("KWD")!)?.minorUnits == 1_234)
  }

  @Test func formatting_groupsDigits_andPlacesTheSymbol() {
    #expect(Money(minorUnits: 123_456_789, currency: .eur).formatted() == "€1,234,567.89")
    #expect(Money(minorUnits: -5, currency: .gbp).formatted() == "-£0.05")
    #expect(Money(minorUnits: 1_500, currency: .jpy).formatted() == "¥1,500")
    #expect(Money(minorUnits: 100, currency: .chf).formatted() == "1.00 CHF")
    #expect(Money(minorUnits: 100, currency: .eur).decimalString == "1.00")
  }

  @Test func currencyCode_acceptsThreeLettersOnly() {
    #expect(CurrencyCode("eur") == .eur)
    #expect(CurrencyCode("EURO") == nil)
    #expect(CurrencyCode("E1R") == nil)
  }

  @Test func quantity_parsesThousandths_andPrintsTrimmed() {
    #expect(Quantity(parsing: "2.5")?.thousandths == 2_500)
    #expect(Quantity(parsing: "0.001")?.thousandths == 1)
    #expect(Quantity(parsing: "0.0001") == nil)
    #expect(Quantity(thousandths: 2_500).description == "2.5")
    #expect(Quantity(12).description == "12")
  }

  @Test func percentage_parsesWithOrWithoutSign() {
    #expect(Percentage(parsing: "12.5%")?.basisPoints == 1_250)
    #expect(Percentage(parsing: "5")?.basisPoints == 500)
    #expect(Percentage(parsing: "x") == nil)
    #expect(Percentage(basisPoints: 1_250).description == "12.5%")
  }
}
