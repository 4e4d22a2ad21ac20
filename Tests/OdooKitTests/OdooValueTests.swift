import Foundation
import Testing

@testable import OdooKit

@Suite struct OdooValueTests {
  @Test func roundTrips_everyKindOfValue() throws {
    let value: OdooValue = [
      "int": 42, "negative": -7, "double": .double(2.5), "true": true, "false": false, "null": nil,
      "string": "Société \"Léman\" \\ 東京 🐾\n\t\u{1}", "list": [1, "two", [3]], "empty": [:],
    ]
    let decoded = try #require(OdooValue.decode(value.jsonData))
    #expect(decoded == value)
  }

  @Test func encodes_compactly_withSortedKeys_andEscapes() {
    let value: OdooValue = ["b": [1, true, nil], "a": "x\"y\u{0}"]
    #expect(String(decoding: value.jsonData, as: UTF8.self) == #"{"a":"x\"y\u0000","b":[1,true,null]}"#)
  }

  @Test func decodes_booleansAsBooleans_andNumbersAsNumbers() throws {
    let decoded = try #require(OdooValue.decode(Data(#"[true, 1, 0, false, 1.5, 3.0, 123456789012]"#.utf8)))
    #expect(decoded == [true, 1, 0, false, .double(1.5), .double(3), .int(123_456_789_012)])
    #expect(decoded.array?[5].int == 3)
  }

  @Test func refusesWhatIsNotJSON() {
    #expect(OdooValue.decode(Data("<html>".utf8)) == nil)
    #expect(OdooValue.decode(Data(#"{"a":"#.utf8)) == nil)
    #expect(OdooValue.decode(Data()) == nil)
  }

  @Test func readsOdooShapes() {
    let record: OdooValue = ["partner_id": [7, "Alpenvet"], "origin": false]
    #expect(record["partner_id"]?.many2oneID == 7)
    #expect(record["origin"]?.isEmpty == true)
  }

  // MARK: - The parser

  @Test func parses_escapes_andSurrogatePairs() throws {
    let text = #"["a\"b\\c\/d\b\f\n\r\t", "\u00e9\u6771", "\ud83d\udc3e", "caf\u00C9", "raw 東京 🐾"]"#
    let decoded = try #require(OdooValue.decode(Data(text.utf8)))
    #expect(decoded == ["a\"b\\c/d\u{8}\u{C}\n\r\t", "é東", "🐾", "cafÉ", "raw 東京 🐾"])
  }

  @Test func loneSurrogates_becomeReplacementCharacters() throws {
    let decoded = try #require(OdooValue.decode(Data(#"["\ud83d", "\udc3e!", "\ud83dx"]"#.utf8)))
    #expect(decoded == ["\u{FFFD}", "\u{FFFD}!", "\u{FFFD}x"])
  }

  @Test func parses_numbers_asIntegersOnlyWhenTheyAreIntegers() throws {
    let text = "[0, -0, 42, -9223372036854775808, 9223372036854775807, 9223372036854775808, 1e2, -2.5E-3, 0.1]"
    let decoded = try #require(OdooValue.decode(Data(text.utf8)))
    #expect(
      decoded == [
        0, 0, 42, .int(Int.min), .int(Int.max), .double(9_223_372_036_854_775_808), .double(100), .double(-0.0025),
        .double(0.1),
      ])
  }

  @Test func parses_whitespace_emptyContainers_andBareValues() throws {
    #expect(OdooValue.decode(Data(" \r\n\t{ \"a\" : [ ] , \"b\" : { } } \n".utf8)) == ["a": [], "b": [:]])
    #expect(OdooValue.decode(Data("17".utf8)) == 17)
    #expect(OdooValue.decode(Data(#""x""#.utf8)) == "x")
    #expect(OdooValue.decode(Data("null".utf8)) == .null)
    // A repeated key keeps its last value, as Python's json does.
    #expect(OdooValue.decode(Data(#"{"a":1,"a":2}"#.utf8)) == ["a": 2])
  }

  @Test(arguments: [
    "", " ", "{", "[1,]", "[1 2]", #"{"a" 1}"#, #"{"a":1,}"#, "{1:2}", "01", "1.", ".5", "-", "1e", "+1", "tru",
    "nul", "[true false]", #""unterminated"#, "\"tab\there\"", #""bad \q escape""#, #""\u12G4""#, "1 2", "NaN",
    "Infinity", "1e999", "[1]x",
  ])
  func refuses_malformedJSON(text: String) {
    #expect(OdooValue.decode(Data(text.utf8)) == nil, "accepted \(text.debugDescription)")
  }

  @Test func refuses_nestingDeeperThanTheLimit_withoutCrashing() {
    let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    #expect(OdooValue.decode(Data(deep.utf8)) == nil)
    let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
    #expect(OdooValue.decode(Data(fine.utf8)) != nil)
  }

  @Test func agreesWithJSONSerialization_onAnOdooReply() throws {
    let text = #"""
      {"jsonrpc": "2.0", "id": 7, "result": [{"id": 12, "name": "P00012", "partner_id": [3, "Alpenvet AG"],
      "amount_total": 1234.5, "state": "purchase", "notes": false, "date_order": "2026-03-14 09:00:00",
      "order_line": [101, 102, 103], "origin": "Clinic é 7", "priority": "0", "currency_rate": 1.0}]}
      """#
    let ours = try #require(OdooValue.decode(Data(text.utf8)))
    let foundation = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    let record = try #require((foundation?["result"] as? [[String: Any]])?.first)
    let mine = try #require(ours["result"]?.array?.first)
    #expect(mine["name"]?.string == record["name"] as? String)
    #expect(mine["origin"]?.string == "Clinic é 7")
    #expect(mine["amount_total"]?.double == record["amount_total"] as? Double)
    #expect(mine["partner_id"]?.many2oneID == 3)
    #expect(mine["notes"] == false)
    #expect(mine["order_line"] == [101, 102, 103])
    #expect(mine["currency_rate"] == .double(1))
  }

  // MARK: - The encoder

  @Test func escapes_lineAndParagraphSeparators_andControlCharacters() {
    let value: OdooValue = .string("a\u{2028}b\u{2029}c\u{7}\u{1F}é")
    #expect(String(decoding: value.jsonData, as: UTF8.self) == #""a\u2028b\u2029c\u0007\u001fé""#)
  }

  @Test func jsonRPCEnvelope_writesTheSameBytesAsEncodingTheWholeEnvelope() {
    let args: [OdooValue] = [
      "farmacy", 2, "se\"cret", "purchase.order", "search_read", [[["state", "=", "draft"]]],
      [
        "fields": ["name", "state"], "limit": 80,
      ],
    ]
    let whole = OdooValue.object([
      "jsonrpc": "2.0", "method": "call", "id": 12_345,
      "params": ["service": "object", "method": "execute_kw", "args": .array(args)],
    ]).jsonData
    #expect(JSONRPCEnvelope.body(id: 12_345, service: "object", method: "execute_kw", args: args) == whole)
    #expect(
      JSONRPCEnvelope.body(id: 3, params: ["db": "farmacy"])
        == OdooValue.object(["jsonrpc": "2.0", "method": "call", "id": 3, "params": ["db": "farmacy"]]).jsonData)
  }
}
