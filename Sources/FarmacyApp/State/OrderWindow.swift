import FarmacyStore

/// The loaded part of a long order list: a few consecutive keyset pages around the selection.
///
/// The list may hold 100,000 orders; the window never holds more than ``maxPages`` pages. Rows
/// are addressed by their index in the whole list; ``start`` is the index of the first loaded
/// row. Each page keeps the cursors before its first and after its last row, so the window can
/// grow at either end and drop pages at the other.
package struct OrderWindow: Hashable, Sendable {
  package struct Page: Hashable, Sendable {
    package var orders: [OrderSummary]
    /// Pass as `before` to load the rows just above this page; `nil` at the top of the list.
    package var previous: PageCursor?
    /// Pass as `after` to load the rows just below this page; `nil` at the bottom of the list.
    package var next: PageCursor?

    package init(orders: [OrderSummary], previous: PageCursor?, next: PageCursor?) {
      self.orders = orders
      self.previous = previous
      self.next = next
    }
  }

  package static let maxPages = 6

  package private(set) var pages: [Page] = []
  /// The index of the first loaded row in the whole list.
  package private(set) var start = 0

  package init() {}

  package var count: Int { pages.reduce(0) { $0 + $1.orders.count } }
  /// One past the index of the last loaded row.
  package var end: Int { start + count }
  package var isEmpty: Bool { count == 0 }
  package var canGrowDown: Bool { pages.last?.next != nil }
  package var canGrowUp: Bool { pages.first?.previous != nil }

  /// The order at `index` of the whole list, if loaded.
  package func order(at index: Int) -> OrderSummary? {
    guard index >= start else { return nil }
    var offset = index - start
    for page in pages {
      if offset < page.orders.count { return page.orders[offset] }
      offset -= page.orders.count
    }
    return nil
  }

  /// The index of the order with `id`, if loaded.
  package func index(of id: OrderSummary.ID) -> Int? {
    var index = start
    for page in pages {
      if let offset = page.orders.firstIndex(where: { $0.id == id }) { return index + offset }
      index += page.orders.count
    }
    return nil
  }

  /// Starts over with one page whose first row is at `start`.
  package mutating func replace(with page: Page, start: Int) {
    pages = [page]
    self.start = max(0, start)
  }

  /// Adds the page below the window, dropping pages from the top beyond ``maxPages``.
  package mutating func append(_ page: Page) {
    guard !page.orders.isEmpty else {
      if !pages.isEmpty { pages[pages.count - 1].next = nil }
      return
    }
    pages.append(page)
    while pages.count > Self.maxPages {
      start += pages.removeFirst().orders.count
    }
  }

  /// Adds the page above the window, dropping pages from the bottom beyond ``maxPages``.
  package mutating func prepend(_ page: Page) {
    guard !page.orders.isEmpty else {
      if !pages.isEmpty { pages[0].previous = nil }
      start = 0
      return
    }
    pages.insert(page, at: 0)
    start = max(0, start - page.orders.count)
    while pages.count > Self.maxPages { pages.removeLast() }
  }

  /// Replaces one loaded order (after a save) without moving anything.
  package mutating func update(_ summary: OrderSummary) {
    for pageIndex in pages.indices {
      if let offset = pages[pageIndex].orders.firstIndex(where: { $0.id == summary.id }) {
        pages[pageIndex].orders[offset] = summary
      }
    }
  }
}
