import FarmacyDomain
import Foundation

/// The fixed part of the demo: vendors, products and vendor catalogues of a fictional veterinary
/// pharmacy. Every name here is invented.
package struct DemoCatalogue: Sendable {
  package var vendors: [Vendor]
  package var products: [Product]
  package var catalogue: [CatalogueEntry]

  /// Vendors: wholesalers, compounding labs, pet-food suppliers, manufacturers; some with
  /// accents, one Japanese and one Chinese, one billing in another currency.
  static let vendorSeeds: [(name: String, kind: Vendor.Kind, country: String, currency: CurrencyCode, email: String)] = [
    ("Northbridge Veterinary Supply Ltd", .wholesaler, "GB", .gbp, "orders@northbridge-vet.example"),
    ("Alpenvet Großhandel GmbH", .wholesaler, "DE", .eur, "bestellung@alpenvet.example"),
    ("Distribuidora Veterinaria Peñalara S.L.", .wholesaler, "ES", .eur, "pedidos@penalara-vet.example"),
    ("Société Vétérinaire du Léman", .wholesaler, "FR", .eur, "commandes@vet-leman.example"),
    ("Crestline Compounding Lab", .compoundingLab, "IE", .eur, "lab@crestline-compounding.example"),
    ("Farmacia Galenica Ca' Foscari", .compoundingLab, "IT", .eur, "galenica@cafoscari-lab.example"),
    ("Harvest Paw Nutrition", .petFood, "NL", .eur, "trade@harvestpaw.example"),
    ("Nørdvet Dyrefoder ApS", .petFood, "DK", .eur, "ordre@nordvet.example"),
    ("東京動物薬品株式会社", .manufacturer, "JP", .eur, "export@tokyo-doubutsu.example"),
    ("Meridian Animal Health", .manufacturer, "US", .usd, "b2b@meridian-ah.example"),
    ("Kestrel Surgical & Consumables", .wholesaler, "GB", .eur, "sales@kestrel-surgical.example"),
    ("Zürcher Tierarznei AG", .manufacturer, "CH", .eur, "verkauf@zuercher-tierarznei.example"),
    ("Baltic Vet Logistics UAB", .wholesaler, "LT", .eur, "uzsakymai@balticvet.example"),
    ("华东兽药有限公司", .manufacturer, "CN", .eur, "sales@huadong-vet.example"),
  ]

  /// Active ingredients by dosage form, with strengths, pack units, cost in cents and whether
  /// the substance is controlled.
  static let productSeeds: [(form: Product.Form, prefix: String, items: [(name: String, strengths: [String], unit: String, cost: Int64, controlled: Bool)])] = [
    (.tablet, "TAB", [
      ("Carprofen", ["20 mg", "50 mg", "100 mg"], "Box of 100", 2_450, false),
      ("Meloxicam", ["1 mg", "2.5 mg"], "Box of 30", 1_180, false),
      ("Enrofloxacin", ["15 mg", "50 mg", "150 mg"], "Box of 100", 3_900, false),
      ("Amoxicillin/Clavulanic acid", ["50 mg", "250 mg", "500 mg"], "Box of 100", 4_650, false),
      ("Phenobarbital", ["15 mg", "30 mg", "60 mg"], "Bottle of 100", 1_990, true),
      ("Tramadol", ["50 mg"], "Box of 30", 1_420, true),
      ("Diazepam", ["2 mg", "5 mg"], "Box of 30", 1_260, true),
      ("Gabapentin", ["100 mg", "300 mg"], "Bottle of 100", 2_780, false),
      ("Prednisolone", ["1 mg", "5 mg", "20 mg"], "Box of 100", 1_650, false),
      ("Levothyroxine", ["0.2 mg", "0.5 mg"], "Bottle of 250", 3_120, false),
      ("Benazepril", ["5 mg", "20 mg"], "Box of 28", 1_890, false),
      ("Pimobendan", ["1.25 mg", "5 mg", "10 mg"], "Box of 50", 5_400, false),
      ("Metronidazole", ["250 mg", "500 mg"], "Box of 100", 1_340, false),
      ("Milbemycin/Praziquantel", ["small dog", "large dog", "cat"], "Box of 4", 2_260, false),
    ]),
    (.capsule, "CAP", [
      ("Doxycycline", ["100 mg", "200 mg"], "Box of 50", 2_980, false),
      ("Cefalexin", ["250 mg", "500 mg"], "Box of 100", 3_350, false),
      ("Omeprazole", ["10 mg", "20 mg"], "Box of 28", 1_120, false),
    ]),
    (.oralSuspension, "SUS", [
      ("Meloxicam oral suspension", ["0.5 mg/ml 15 ml", "1.5 mg/ml 100 ml"], "Bottle", 1_560, false),
      ("Methimazole oral solution", ["5 mg/ml 30 ml"], "Bottle", 2_340, false),
      ("Ciclosporin oral solution", ["100 mg/ml 50 ml"], "Bottle", 9_870, false),
      ("Lactulose syrup", ["667 mg/ml 200 ml"], "Bottle", 890, false),
      ("Fenbendazole suspension", ["100 mg/ml 100 ml"], "Bottle", 1_470, false),
    ]),
    (.injectable, "INJ", [
      ("Ketamine injection", ["100 mg/ml 10 ml"], "Vial", 1_890, true),
      ("Buprenorphine injection", ["0.3 mg/ml 10 ml"], "Vial", 3_150, true),
      ("Butorphanol injection", ["10 mg/ml 10 ml"], "Vial", 3_980, true),
      ("Methadone injection", ["10 mg/ml 5 ml"], "Vial", 2_760, true),
      ("Midazolam injection", ["5 mg/ml 10 ml"], "Vial", 1_240, true),
      ("Medetomidine injection", ["1 mg/ml 10 ml"], "Vial", 2_450, false),
      ("Propofol emulsion", ["10 mg/ml 20 ml", "10 mg/ml 50 ml"], "Vial", 1_080, false),
      ("Maropitant injection", ["10 mg/ml 20 ml"], "Vial", 6_420, false),
      ("Furosemide injection", ["50 mg/ml 50 ml"], "Vial", 1_360, false),
      ("Dexamethasone injection", ["2 mg/ml 50 ml"], "Vial", 1_150, false),
      ("Oxytocin injection", ["10 IU/ml 50 ml"], "Vial", 1_720, false),
      ("Lidocaine 2% injection", ["100 ml"], "Vial", 980, false),
    ]),
    (.vaccine, "VAC", [
      ("Canine DHPPi vaccine", ["10 doses", "25 doses"], "Pack", 8_900, false),
      ("Canine leptospirosis L4 vaccine", ["10 doses"], "Pack", 7_650, false),
      ("Feline RCP vaccine", ["10 doses"], "Pack", 8_200, false),
      ("Feline leukaemia vaccine", ["10 doses"], "Pack", 10_400, false),
      ("Rabies vaccine", ["10 doses", "50 doses"], "Pack", 6_300, false),
      ("Kennel cough intranasal vaccine", ["5 doses"], "Pack", 5_950, false),
      ("Rabbit myxomatosis/RHD vaccine", ["10 doses"], "Pack", 9_300, false),
    ]),
    (.topical, "TOP", [
      ("Chlorhexidine shampoo", ["2% 250 ml"], "Bottle", 1_050, false),
      ("Ear cleaner", ["125 ml"], "Bottle", 790, false),
      ("Fipronil spot-on", ["cat", "small dog", "large dog"], "Box of 3", 1_690, false),
      ("Silver sulfadiazine cream", ["1% 50 g"], "Tube", 830, false),
    ]),
    (.consumable, "CON", [
      ("Nitrile examination gloves", ["S", "M", "L"], "Box of 100", 690, false),
      ("Syringes Luer lock", ["1 ml", "2.5 ml", "5 ml", "10 ml"], "Box of 100", 1_150, false),
      ("Hypodermic needles", ["21G", "23G", "25G"], "Box of 100", 540, false),
      ("IV catheters", ["20G", "22G", "24G"], "Box of 50", 4_200, false),
      ("Cohesive bandage 5 cm", ["assorted colours"], "Box of 36", 2_640, false),
      ("Suture, absorbable", ["2-0", "3-0", "4-0"], "Box of 12", 5_880, false),
      ("Elizabethan collar", ["7.5 cm", "15 cm", "25 cm"], "Pack of 10", 1_990, false),
      ("Sterile swabs 10x10 cm", ["non-woven"], "Pack of 100", 610, false),
    ]),
    (.prescriptionDiet, "DIE", [
      ("Renal support dry food, dog", ["2 kg", "12 kg"], "Bag", 2_150, false),
      ("Renal support wet food, cat", ["85 g ×12"], "Case", 1_380, false),
      ("Hypoallergenic dry food, dog", ["2 kg", "14 kg"], "Bag", 2_480, false),
      ("Urinary S/O dry food, cat", ["1.5 kg", "7 kg"], "Bag", 1_920, false),
      ("Gastrointestinal wet food, dog", ["400 g ×12"], "Case", 2_760, false),
      ("Weight management dry food, cat", ["3 kg"], "Bag", 2_030, false),
      ("Diabetic support dry food, dog", ["6 kg"], "Bag", 3_240, false),
    ]),
  ]

  /// Demo vendor `v` is `res.partner` `v + vendorPartnerOffset` in a demo odoo-sim; products
  /// and catalogue entries keep their ids there.
  package static let vendorPartnerOffset = 10

  /// Builds the catalogue for `seed`. The same seed gives the same catalogue everywhere.
  package init(seed: UInt64) {
    var random = SeededGenerator(seed: seed ^ 0xC47A_1064)
    vendors = Self.vendorSeeds.enumerated().map { index, seed in
      Vendor(
        id: Int64(index + 1), odooID: index + 1 + Self.vendorPartnerOffset, name: seed.name, kind: seed.kind, email: seed.email,
        phone: "+\(10 + index) \(100 + index * 7) \(1000 + index * 131)", countryCode: seed.country,
        currency: seed.currency)
    }
    var products: [Product] = []
    for group in Self.productSeeds {
      for item in group.items {
        for strength in item.strengths {
          // Each strength comes in a standard and a bulk pack, which roughly doubles the
          // catalogue to a few hundred products.
          for bulk in [false, true] {
            let id = Int64(products.count + 1)
            let unit = bulk ? "\(item.unit) (bulk ×5)" : item.unit
            let multiplier: Int64 = bulk ? 5 : 1
            let variance = Int64(random.int(40)) - 20
            let cost = max(50, (item.cost * multiplier * (100 + variance)) / 100)
            let tax: Percentage = group.form == .prescriptionDiet ? Percentage(percent: 20) : Percentage(percent: 10)
            products.append(
              Product(
                id: id, odooID: Int(id), code: String(format: "%@-%05d", group.prefix, id), name: "\(item.name) \(strength)",
                form: group.form, unit: unit, standardPriceMinor: cost, taxRate: tax, isControlled: item.controlled,
                barcode: String(format: "40%011d", 7_000_000 + id * 17)))
          }
        }
      }
    }
    self.products = products

    // Each product is offered by two to four vendors of a fitting kind, with a volume break.
    var entries: [CatalogueEntry] = []
    for product in products {
      let fitting = vendors.filter { vendor in
        switch product.form {
        case .prescriptionDiet: vendor.kind == .petFood || vendor.kind == .wholesaler
        case .consumable: vendor.kind == .wholesaler
        case .oralSuspension, .capsule: vendor.kind != .petFood
        default: vendor.kind == .wholesaler || vendor.kind == .manufacturer || vendor.kind == .compoundingLab
        }
      }
      let count = min(fitting.count, 2 + random.int(3))
      var pool = fitting
      for _ in 0..<count {
        let vendor = pool.remove(at: random.int(pool.count))
        let markup = 105 + Int64(random.int(30))
        let price = product.standardPriceMinor * markup / 100
        let lead = 1 + random.int(14)
        let code = "\(vendor.name.prefix(2).uppercased())-\(10_000 + product.id * 3)"
        entries.append(
          CatalogueEntry(
            id: Int64(entries.count + 1), odooID: entries.count + 1, vendorID: vendor.id, productID: product.id,
            vendorProductCode: code, minQuantity: 0, priceMinor: price, currency: vendor.currency, leadTimeDays: lead))
        entries.append(
          CatalogueEntry(
            id: Int64(entries.count + 1), odooID: entries.count + 1, vendorID: vendor.id, productID: product.id,
            vendorProductCode: code, minQuantity: 10, priceMinor: price * 92 / 100, currency: vendor.currency, leadTimeDays: lead))
      }
    }
    catalogue = entries
  }
}
