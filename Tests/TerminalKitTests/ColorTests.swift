import Testing
import TerminalKit

@Suite struct ColorTests {
  @Test func namedColors_keepTheirPaletteIndex() {
    #expect(Color.red.nearestIndexed == 1)
    #expect(Color.brightWhite.nearestIndexed == 15)
    #expect(Color.brightWhite.nearestBasic == 15)
    #expect(Color.default.nearestIndexed == nil)
  }

  @Test func trueColor_mapsToCubeOrGreyRamp() {
    #expect(Color.rgb(255, 0, 0).nearestIndexed == 196)
    #expect(Color.rgb(0, 0, 0).nearestIndexed == 16)
    #expect(Color.rgb(128, 128, 128).nearestIndexed == 244)
    #expect(Color.rgb(95, 135, 175).nearestIndexed == 67)
  }

  @Test func trueColor_mapsToNearestBasic() {
    #expect(Color.rgb(250, 10, 10).nearestBasic == 9)
    #expect(Color.rgb(10, 10, 10).nearestBasic == 0)
    #expect(Color.rgb(0, 180, 0).nearestBasic == 2)
    #expect(Color.indexed(196).nearestBasic == 9)
    #expect(Color.indexed(4).nearestBasic == 4)
  }

  @Test func hex_parsesSixDigits_only() {
    #expect(Color(hex: "#1e90ff") == .rgb(0x1E, 0x90, 0xFF))
    #expect(Color(hex: "1E90FF") == .rgb(0x1E, 0x90, 0xFF))
    #expect(Color(hex: "#fff") == nil)
    #expect(Color(hex: "zzzzzz") == nil)
  }
}
