// MARK: - Bringing colours down to what a terminal can show

extension Color {
  /// The palette index (0–15) of a named colour, `nil` for the other cases.
  public var ansiIndex: Int? {
    switch self {
    case .black: 0
    case .red: 1
    case .green: 2
    case .yellow: 3
    case .blue: 4
    case .magenta: 5
    case .cyan: 6
    case .white: 7
    case .brightBlack: 8
    case .brightRed: 9
    case .brightGreen: 10
    case .brightYellow: 11
    case .brightBlue: 12
    case .brightMagenta: 13
    case .brightCyan: 14
    case .brightWhite: 15
    case .default, .indexed, .rgb: nil
    }
  }

  /// The nearest entry of the 256-colour palette, or `nil` for ``Color/default``.
  ///
  /// Named colours keep their index (0–15) so the user's terminal theme still applies to
  /// them. True colours go to the nearest cube or grey-ramp entry; the 16 themeable entries
  /// are never chosen for them because their actual RGB values are unknown.
  public var nearestIndexed: Int? {
    switch self {
    case .default: return nil
    case .indexed(let index): return Int(index)
    case .rgb(let r, let g, let b): return Color.nearestPaletteEntry(r: Int(r), g: Int(g), b: Int(b))
    default: return ansiIndex
    }
  }

  /// The nearest of the 16 ANSI colours (0–15), or `nil` for ``Color/default``.
  public var nearestBasic: Int? {
    switch self {
    case .default: return nil
    case .indexed(let index) where index < 16: return Int(index)
    case .indexed(let index):
      let (r, g, b) = Color.rgbOfPaletteEntry(Int(index))
      return Color.nearestBasicEntry(r: r, g: g, b: b)
    case .rgb(let r, let g, let b): return Color.nearestBasicEntry(r: Int(r), g: Int(g), b: Int(b))
    default: return ansiIndex
    }
  }

  // The channel levels of the xterm colour cube.
  private static let cubeLevels = [0, 95, 135, 175, 215, 255]

  // Typical xterm values of the 16 ANSI colours, used only to pick the nearest one.
  private static let basicRGB: [(Int, Int, Int)] = [
    (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0),
    (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
    (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0),
    (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
  ]

  /// The RGB value the xterm palette gives to `index` (0–255).
  static func rgbOfPaletteEntry(_ index: Int) -> (Int, Int, Int) {
    switch index {
    case ..<16:
      return basicRGB[max(0, index)]
    case 16..<232:
      let cube = index - 16
      return (cubeLevels[cube / 36], cubeLevels[(cube / 6) % 6], cubeLevels[cube % 6])
    default:
      let level = 8 + 10 * (min(index, 255) - 232)
      return (level, level, level)
    }
  }

  private static func nearestCubeStep(_ value: Int) -> Int {
    var best = 0
    for (step, level) in cubeLevels.enumerated() where abs(level - value) < abs(cubeLevels[best] - value) {
      best = step
    }
    return best
  }

  private static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
    // Weighted for the eye's sensitivity, close enough to pick a palette entry.
    let dr = a.0 - b.0
    let dg = a.1 - b.1
    let db = a.2 - b.2
    return 2 * dr * dr + 4 * dg * dg + 3 * db * db
  }

  static func nearestPaletteEntry(r: Int, g: Int, b: Int) -> Int {
    let cube = (nearestCubeStep(r), nearestCubeStep(g), nearestCubeStep(b))
    let cubeIndex = 16 + 36 * cube.0 + 6 * cube.1 + cube.2
    let grey = min(23, max(0, ((r + g + b) / 3 - 3) / 10))
    let greyIndex = 232 + grey
    let target = (r, g, b)
    let cubeDistance = distance(rgbOfPaletteEntry(cubeIndex), target)
    let greyDistance = distance(rgbOfPaletteEntry(greyIndex), target)
    return greyDistance < cubeDistance ? greyIndex : cubeIndex
  }

  static func nearestBasicEntry(r: Int, g: Int, b: Int) -> Int {
    var best = 0
    var bestDistance = Int.max
    for (index, value) in basicRGB.enumerated() {
      let d = distance(value, (r, g, b))
      if d < bestDistance {
        best = index
        bestDistance = d
      }
    }
    return best
  }
}
