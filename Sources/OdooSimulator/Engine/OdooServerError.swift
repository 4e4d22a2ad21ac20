/// An exception raised inside the simulated server, carrying what each protocol needs to report
/// it the way Odoo does.
///
/// Odoo reports one Python exception three ways: as a JSON-RPC error object whose `data.name` is
/// the qualified class name, as an XML-RPC fault with an integer code chosen by class, and as a
/// JSON-2 error body with an HTTP status chosen by class (odoo-api.md §2). The ``Code`` is the
/// class; the adapters derive everything else from it, so one engine error reads right on every
/// wire.
package struct OdooServerError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The Python exception class the error stands for.
  package enum Code: String, Sendable, Equatable, CaseIterable, Codable {
    /// `odoo.exceptions.UserError`: a business rule refused the call.
    case userError
    /// `odoo.exceptions.ValidationError`: a constraint or a missing required value.
    case validationError
    /// `odoo.exceptions.AccessError`: the user lacks the right (ACL, private method).
    case accessError
    /// `odoo.exceptions.AccessDenied`: wrong credentials, or the login cooldown.
    case accessDenied
    /// `odoo.exceptions.MissingError`: the record does not exist (any more).
    case missingError
    /// `odoo.exceptions.LockError` (19): an explicit lock failed.
    case lockError
    /// `odoo.exceptions.RedirectWarning`.
    case redirectWarning
    /// `odoo.http.SessionExpiredException`: no valid web session.
    case sessionExpired
    /// `builtins.ValueError`: a bad field, domain or value.
    case valueError
    /// `builtins.TypeError`: arguments that do not fit the method's signature.
    case typeError
    /// `builtins.AttributeError`: the model has no such method.
    case attributeError
    /// `builtins.KeyError`: an unknown model through the web routes.
    case keyError
    /// `builtins.NameError`: an unknown method of the `object` service.
    case nameError
    /// `builtins.Exception`: an unknown service or `common` method.
    case exception
    /// `psycopg2.errors.SerializationFailure`: the database gave up after its retries; the
    /// simulator's "Odoo server error" fault.
    case serializationFailure
    /// `psycopg2.OperationalError`: for instance a database that does not exist.
    case operationalError
    /// `werkzeug.exceptions.NotFound`: a route or, in JSON-2, a model or method that is not there.
    case notFound
    /// `werkzeug.exceptions.Unauthorized`: JSON-2 without a valid API key.
    case unauthorized
    /// `werkzeug.exceptions.UnprocessableEntity`: JSON-2 arguments that do not bind.
    case unprocessableEntity

    /// The fully qualified class name Odoo serializes as `data.name` / `name`.
    package var pythonName: String {
      switch self {
      case .userError: "odoo.exceptions.UserError"
      case .validationError: "odoo.exceptions.ValidationError"
      case .accessError: "odoo.exceptions.AccessError"
      case .accessDenied: "odoo.exceptions.AccessDenied"
      case .missingError: "odoo.exceptions.MissingError"
      case .lockError: "odoo.exceptions.LockError"
      case .redirectWarning: "odoo.exceptions.RedirectWarning"
      case .sessionExpired: "odoo.http.SessionExpiredException"
      case .valueError: "builtins.ValueError"
      case .typeError: "builtins.TypeError"
      case .attributeError: "builtins.AttributeError"
      case .keyError: "builtins.KeyError"
      case .nameError: "builtins.NameError"
      case .exception: "builtins.Exception"
      case .serializationFailure: "psycopg2.errors.SerializationFailure"
      case .operationalError: "psycopg2.OperationalError"
      case .notFound: "werkzeug.exceptions.NotFound"
      case .unauthorized: "werkzeug.exceptions.Unauthorized"
      case .unprocessableEntity: "werkzeug.exceptions.UnprocessableEntity"
      }
    }

    /// Whether the class derives from `UserError` (which decides XML-RPC fault codes and JSON-2
    /// statuses).
    package var isUserError: Bool {
      switch self {
      case .userError, .validationError, .accessError, .accessDenied, .missingError, .lockError: true
      default: false
      }
    }

    /// The integer `faultCode` of `/xmlrpc/2/*`: RedirectWarning 2, AccessError 4,
    /// AccessDenied 3, other UserErrors 2, anything else 1.
    package var xmlRPCFaultCode: Int {
      switch self {
      case .redirectWarning: 2
      case .accessError: 4
      case .accessDenied: 3
      case _ where isUserError: 2
      default: 1
      }
    }

    /// The HTTP status of a JSON-2 error: UserError 422, access 403, missing 404, lock 409,
    /// bad key 401, unknown route 404, anything else 500.
    package var json2Status: Int {
      switch self {
      case .accessError, .accessDenied: 403
      case .missingError, .notFound: 404
      case .lockError: 409
      case .unauthorized: 401
      case .userError, .validationError, .redirectWarning, .unprocessableEntity: 422
      default: 500
      }
    }
  }

  package var code: Code
  /// What `str(exc)` gives: the text a person reads.
  package var message: String
  /// `exc.args`; Odoo sends it as `data.arguments`. Usually just the message.
  package var arguments: [OdooValue]

  package init(_ code: Code, _ message: String, arguments: [OdooValue]? = nil) {
    self.code = code
    self.message = message
    self.arguments = arguments ?? [.string(message)]
  }

  /// A believable Python traceback for the `debug` member, ending with the exception line,
  /// as `traceback.format_exc()` ends.
  package var traceback: String {
    "Traceback (most recent call last):\n"
      + "  File \"/opt/odoo/odoo/http.py\", line 1765, in _serve_db\n"
      + "    return service_model.retrying(self._serve_ir_http, self.env)\n"
      + "  File \"/opt/odoo/odoo/service/model.py\", line 133, in retrying\n"
      + "    result = func()\n"
      + "\(code.pythonName): \(message)\n"
  }

  package var description: String { "\(code.pythonName): \(message)" }

  // MARK: - The errors Odoo raises most, with its wording

  static func missingRecords(model: String, ids: [Int], uid: Int) -> OdooServerError {
    let list = ids.map(String.init).joined(separator: ", ")
    return OdooServerError(
      .missingError,
      "Record does not exist or has been deleted.\n(Record: \(model)(\(list)\(ids.count == 1 ? "," : "")), User: \(uid))"
    )
  }

  static func invalidField(_ field: String, model: String) -> OdooServerError {
    OdooServerError(.valueError, "Invalid field '\(field)' on model '\(model)'")
  }

  static func accessDenied() -> OdooServerError { OdooServerError(.accessDenied, "Access Denied") }

  static let cooldownMessage = "Too many login failures, please wait a bit before trying again."
}
