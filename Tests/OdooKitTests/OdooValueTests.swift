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
}
