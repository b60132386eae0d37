// cvdctl vendor: the registry of vendors, related organisations and priority recipients,
// their contacts and the OpenPGP keys bound to those contacts.

#include <algorithm>
#include <array>
#include <iomanip>
#include <iostream>
#include <map>

#include "cli/commands.hpp"
#include "core/participant.hpp"
#include "daemon/key_propagation.hpp"

namespace cvdd::cli {

namespace {

constexpr std::array kKinds{store::ParticipantKind::Vendor,
                            store::ParticipantKind::RelatedOrganisation,
                            store::ParticipantKind::PriorityRecipient};
constexpr std::array kRegistrations{store::RegistrationKind::General,
                                    store::RegistrationKind::Individual,
                                    store::RegistrationKind::Unregistered};

/// The enum value whose name is `name`; CommandError listing the names otherwise.
template <class Enum, std::size_t N, class NameOf>
Enum enumFromName(const std::string& name, const std::array<Enum, N>& values, NameOf nameOf,
                  const std::string& option) {
  std::string known;
  for (Enum value : values) {
    if (nameOf(value) == name) return value;
    known += (known.empty() ? "" : "|") + std::string(nameOf(value));
  }
  throw CommandError(1, option + ": unknown value \"" + name + "\" (" + known + ")");
}

std::string checkedLanguage(const std::string& language) {
  if (language != "ja" && language != "en" && !language.empty())
    throw CommandError(1, "--language: \"" + language + "\" is neither ja nor en");
  return language;
}

std::string checkedAddress(const std::string& address) {
  if (!daemon::isMailAddress(address))
    throw CommandError(1, "\"" + address + "\" is not a mail address (local@domain)");
  return address;
}

void checkId(const std::string& id) {
  // The id is part of deadline keys ("<kind>/<vendor>/<date>") and of file-like output.
  if (id.empty() || id.size() > 64 ||
      id.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") !=
          std::string::npos)
    throw CommandError(1, "vendor id \"" + id + "\": use 1-64 letters, digits, '.', '_' or '-'");
}

/// The values given, empty ones dropped: `--keyword ''` clears the list.
std::vector<std::string> nonEmpty(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const auto& v : values)
    if (!v.empty()) out.push_back(v);
  return out;
}

std::vector<std::string> checkedChannels(const std::vector<std::string>& channels) {
  auto out = nonEmpty(channels);
  for (const auto& c : out) {
    const auto colon = c.find(':');
    const auto scheme = c.substr(0, colon);
    if (colon == std::string::npos || colon + 1 == c.size() ||
        (scheme != "phone" && scheme != "fax" && scheme != "post"))
      throw CommandError(1,
                         "--channel \"" + c + "\": write phone:NUMBER, fax:NUMBER or post:ADDRESS");
  }
  return out;
}

void checkRelatedTo(const store::ReadTxn& txn, const std::string& id,
                    const std::string& relatedTo) {
  if (relatedTo.empty()) return;
  if (relatedTo == id) throw CommandError(1, "--related-to: a vendor cannot be related to itself");
  if (!txn.getVendor(relatedTo)) throw CommandError(1, "--related-to: no vendor " + relatedTo);
}

/// Refuses an address some vendor (this one included) already has.
void checkAddressFree(const store::ReadTxn& txn, const std::string& address) {
  if (auto owner = txn.findVendorByAddress(address))
    throw CommandError(1, "address " + core::normalizeAddress(address) +
                              " already belongs to vendor " + owner->id);
}

store::VendorRecord requireVendor(const store::ReadTxn& txn, const std::string& id) {
  auto vendor = txn.getVendor(id);
  if (!vendor) throw CommandError(1, "no vendor " + id);
  return *vendor;
}

/// putVendor, its refusals (an address of another vendor) as CommandError.
void storeVendor(store::WriteTxn& txn, const store::VendorRecord& vendor) {
  try {
    txn.putVendor(vendor);
  } catch (const store::StoreError& e) {
    throw CommandError(1, e.what());
  }
}

store::VendorContact& contactOf(store::VendorRecord& vendor, const std::string& address) {
  const auto wanted = core::normalizeAddress(address);
  for (auto& contact : vendor.contacts)
    if (core::normalizeAddress(contact.address) == wanted) return contact;
  throw CommandError(1, "vendor " + vendor.id + " has no contact " + wanted);
}

/// Imports keyData and binds the one usable key with a user ID for the contact's address
/// to it: sets the contact's fingerprint and puts an operator key binding into txn. The
/// caller stores the vendor and commits. Refuses, binding nothing, unless exactly one
/// imported key is usable (can encrypt, not revoked or expired) and carries the address.
std::string importContactKey(Context& ctx, store::WriteTxn& txn, store::VendorContact& contact,
                             const std::string& keyData) {
  auto imported = ctx.keyring().importKeys(keyData);
  if (!imported) throw CommandError(1, "import: " + imported.error().what);
  const std::string address = core::normalizeAddress(contact.address);
  std::vector<std::string> usable;
  std::string unusable;
  for (const auto& fingerprint : imported->fingerprints) {
    auto key = ctx.keyring().findKey(fingerprint);
    if (!key ||
        std::find(key->addresses.begin(), key->addresses.end(), address) == key->addresses.end())
      continue;
    if (key->canEncrypt && !key->revoked && !key->expired)
      usable.push_back(fingerprint);
    else
      unusable += " " + fingerprint + (key->revoked ? " (revoked)" : "") +
                  (key->expired ? " (expired)" : "") + (key->canEncrypt ? "" : " (cannot encrypt)");
  }
  if (usable.size() > 1)
    throw CommandError(1, std::to_string(usable.size()) + " imported keys carry " + address +
                              "; import exactly one; nothing bound");
  if (usable.empty())
    throw CommandError(1, "no usable imported key has a user ID for " + address +
                              (unusable.empty() ? "" : ";" + unusable) + "; nothing bound");
  contact.keyFingerprint = usable.front();
  // The binding, and the key of this contact in every open case (the caller stores the
  // vendor record it holds, with this contact's new key).
  const auto cases = daemon::bindContactKey(txn, address, usable.front(), ctx.actor(), ctx.now());
  if (!cases.empty() && !ctx.json)
    std::cerr << "key " << usable.front() << " now used for " << address << " in " << cases.size()
              << " open case(s)\n";
  return usable.front();
}

/// Imports certData into gpgsm and binds the one certificate that carries a contact's
/// address (the --contact one, else the only contact the certificate names): sets that
/// contact's fingerprint, so case participants carry it and its replies must be signed
/// by it, and puts an operator "cms" binding into txn, so notices are S/MIME-encrypted to
/// it. Refuses, binding nothing, unless gpgsm validates the certificate's chain now and
/// it can encrypt. Returns the contact's address and the fingerprint.
std::pair<std::string, std::string> bindContactCertificate(Context& ctx, store::WriteTxn& txn,
                                                           store::VendorRecord& vendor,
                                                           const std::string& contactAddress,
                                                           const std::string& certData) {
  auto& smime = ctx.smimeKeyring();
  auto imported = smime.importCertificates(certData);
  if (!imported) throw CommandError(1, "import: " + imported.error().what);
  // The certificates of the data that name one of the vendor's contacts (a chain's CA
  // certificates name none).
  struct Candidate {
    store::VendorContact* contact;
    crypto::CertificateInfo cert;
  };
  std::vector<Candidate> candidates;
  const std::string wanted = core::normalizeAddress(contactAddress);
  for (const auto& fingerprint : *imported) {
    auto cert = smime.findCertificate(fingerprint);
    if (!cert) continue;
    for (auto& contact : vendor.contacts) {
      const auto address = core::normalizeAddress(contact.address);
      if (!wanted.empty() && address != wanted) continue;
      if (std::find(cert->addresses.begin(), cert->addresses.end(), address) !=
          cert->addresses.end())
        candidates.push_back({&contact, *cert});
    }
  }
  if (!wanted.empty()) contactOf(vendor, wanted);  // "has no contact" before "no match"
  if (candidates.empty())
    throw CommandError(1, "no imported certificate has the address " +
                              (wanted.empty() ? "of a contact of vendor " + vendor.id : wanted) +
                              " (subjectAltName or email in the subject); nothing bound");
  if (candidates.size() > 1)
    throw CommandError(1, std::to_string(candidates.size()) +
                              " certificate/contact pairs match; name the contact with "
                              "--contact and import one certificate; nothing bound");
  const auto& [contact, cert] = candidates.front();
  if (!cert.chainValid || !cert.canEncrypt) {
    std::string why = cert.revoked   ? "it is revoked"
                      : cert.expired ? "it has expired"
                      : !cert.chainValid
                          ? "gpgsm does not validate its chain (mark the issuing root trusted "
                            "in " +
                                ctx.config().openpgp.home.string() +
                                "/trustlist.txt, and see the CRL policy in gpgsm.conf)"
                          : "its key usage does not allow encryption";
    throw CommandError(1, "certificate " + cert.fingerprint + " (" + cert.subject +
                              ") is not usable: " + why + "; nothing bound");
  }
  const std::string address = core::normalizeAddress(contact->address);
  contact->keyFingerprint = cert.fingerprint;
  // The binding, and the certificate of this contact in every open case.
  daemon::bindContactKey(txn, address, cert.fingerprint, ctx.actor(), ctx.now(), "cms");
  return {address, cert.fingerprint};
}

nlohmann::json vendorJson(const store::VendorRecord& v) {
  nlohmann::json contacts = nlohmann::json::array();
  for (const auto& c : v.contacts)
    contacts.push_back({{"address", c.address},
                        {"manager_name", c.managerName},
                        {"key_fingerprint", c.keyFingerprint ? nlohmann::json(*c.keyFingerprint)
                                                             : nlohmann::json(nullptr)}});
  return {{"id", v.id},
          {"organisation", v.organisation},
          {"kind", store::participantKindName(v.kind)},
          {"registration", store::registrationKindName(v.registration)},
          {"language", v.language},
          {"related_to", v.relatedTo},
          {"link", v.link},
          {"contacts", std::move(contacts)},
          {"other_channels", v.otherChannels},
          {"keywords", v.keywords},
          {"products", v.products},
          {"created_at", core::formatIso8601(v.createdAt)},
          {"created_by", v.createdBy},
          {"updated_at", core::formatIso8601(v.updatedAt)},
          {"updated_by", v.updatedBy}};
}

std::string joined(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + v;
  return out.empty() ? "-" : out;
}

std::string byWhom(const std::string& operatorName) {
  return operatorName.empty() ? "" : " by " + operatorName;
}

void printVendor(const store::VendorRecord& v) {
  std::cout << "Vendor:        " << v.id << "\n"
            << "Organisation:  " << v.organisation << "\n"
            << "Kind:          " << store::participantKindName(v.kind) << "\n"
            << "Registration:  " << store::registrationKindName(v.registration) << "\n"
            << "Language:      " << (v.language.empty() ? "the case's" : v.language) << "\n"
            << "Related to:    " << (v.relatedTo.empty() ? "-" : v.relatedTo) << "\n"
            << "Created:       " << core::formatIso8601(v.createdAt) << byWhom(v.createdBy) << "\n"
            << "Updated:       " << core::formatIso8601(v.updatedAt) << byWhom(v.updatedBy) << "\n"
            << "Keywords:      " << joined(v.keywords) << "\n"
            << "Products:      " << joined(v.products) << "\n"
            << "Contacts:" << (v.contacts.empty() ? "      -" : "") << "\n";
  std::size_t width = 0;
  for (const auto& c : v.contacts) width = std::max(width, c.address.size());
  for (const auto& c : v.contacts)
    std::cout << "  " << std::left << std::setw(static_cast<int>(width) + 2) << c.address
              << (c.keyFingerprint ? "key " + *c.keyFingerprint : std::string("no key"))
              << (c.managerName.empty() ? "" : "  " + c.managerName) << "\n";
  std::cout << "Channels:" << (v.otherChannels.empty() ? "      -" : "") << "\n";
  for (const auto& channel : v.otherChannels) std::cout << "  " << channel << "\n";
}

void printVendorTable(const std::vector<store::VendorRecord>& vendors) {
  if (vendors.empty()) {
    std::cout << "no vendors\n";
    return;
  }
  std::size_t idWidth = 2;
  for (const auto& v : vendors) idWidth = std::max(idWidth, v.id.size());
  // The organisation comes last: it may hold CJK text, which setw cannot align.
  const auto row = [idWidth](std::string_view id, std::string_view kind,
                             std::string_view registration, const std::string& contacts,
                             std::string_view language, std::string_view organisation) {
    std::cout << std::left << std::setw(static_cast<int>(idWidth) + 2) << id << std::setw(22)
              << kind << std::setw(14) << registration << std::setw(10) << contacts << std::setw(6)
              << language << organisation << "\n";
  };
  row("ID", "KIND", "REGISTRATION", "CONTACTS", "LANG", "ORGANISATION");
  for (const auto& v : vendors)
    row(v.id, store::participantKindName(v.kind), store::registrationKindName(v.registration),
        std::to_string(v.contacts.size()), v.language.empty() ? "-" : v.language, v.organisation);
}

void printResult(const Context& ctx, const store::VendorRecord& vendor) {
  if (ctx.json)
    std::cout << vendorJson(vendor).dump(2) << "\n";
  else
    printVendor(vendor);
}

/// The options vendor add and vendor edit share; edit applies only those given.
struct VendorOptions {
  std::string organisation;
  std::string kind = "vendor";
  std::string registration = "individual";
  std::vector<std::string> channels;
  std::vector<std::string> keywords;
  std::vector<std::string> products;
  std::string language;
  std::string relatedTo;
  std::string link;
  std::map<std::string, CLI::Option*> given;

  void addTo(CLI::App* command) {
    given["org"] = command->add_option("--org", organisation, "organisation name");
    given["kind"] =
        command->add_option("--kind", kind, "vendor|related-organisation|priority-recipient");
    given["registration"] =
        command->add_option("--registration", registration, "general|individual|unregistered");
    given["channel"] = command->add_option(
        "--channel", channels, "other channel: phone:NUMBER, fax:NUMBER or post:ADDRESS");
    given["keyword"] =
        command->add_option("--keyword", keywords, "technology keyword (general registration)");
    given["product"] = command->add_option("--product", products, "product");
    given["language"] =
        command->add_option("--language", language, "notice language: ja or en ('' = the case's)");
    given["related-to"] =
        command->add_option("--related-to", relatedTo, "the vendor that named this organisation");
    given["link"] = command->add_option(
        "--link", link, "public http(s) link to the developer or product (unreachable list)");
  }

  bool has(const std::string& name) const { return given.at(name)->count() > 0; }
  bool any() const {
    return std::any_of(given.begin(), given.end(),
                       [](const auto& g) { return g.second->count() > 0; });
  }

  /// Applies the options given to vendor (all of them for a new record), checked.
  void applyTo(store::VendorRecord& vendor, const store::ReadTxn& txn, bool all) const {
    if (all || has("org")) {
      if (organisation.empty()) throw CommandError(1, "--org must not be empty");
      vendor.organisation = organisation;
    }
    if (all || has("kind"))
      vendor.kind = enumFromName(kind, kKinds, store::participantKindName, "--kind");
    if (all || has("registration"))
      vendor.registration =
          enumFromName(registration, kRegistrations, store::registrationKindName, "--registration");
    if (all || has("channel")) vendor.otherChannels = checkedChannels(channels);
    if (all || has("keyword")) vendor.keywords = nonEmpty(keywords);
    if (all || has("product")) vendor.products = nonEmpty(products);
    if (all || has("language")) vendor.language = checkedLanguage(language);
    if (all || has("related-to")) {
      checkRelatedTo(txn, vendor.id, relatedTo);
      vendor.relatedTo = relatedTo;
    }
    if (all || has("link")) {
      if (!link.empty() && !link.starts_with("https://") && !link.starts_with("http://"))
        throw CommandError(1, "--link \"" + link + "\": write an http:// or https:// URL");
      vendor.link = link;
    }
  }
};

}  // namespace

void addVendorCommands(CLI::App& app, Context& ctx) {
  auto* group = app.add_subcommand(
      "vendor", "the vendor registry: vendors, related organisations, priority recipients");
  group->require_subcommand(1);

  auto* add = group->add_subcommand("add", "register a vendor");
  auto addId = std::make_shared<std::string>();
  auto addOptions = std::make_shared<VendorOptions>();
  auto addContacts = std::make_shared<std::vector<std::string>>();
  auto addManager = std::make_shared<std::string>();
  add->add_option("id", *addId, "short stable id, e.g. acme")->required();
  addOptions->addTo(add);
  addOptions->given["org"]->required();
  add->add_option("--contact", *addContacts, "contact mail address (repeatable; first = primary)");
  add->add_option("--manager", *addManager, "the contact person of the --contact addresses");
  add->add_option("--as", ctx.operatorName, "operator name");
  add->add_flag("--json", ctx.json, "print JSON");
  add->callback([&ctx, addId, addOptions, addContacts, addManager] {
    checkId(*addId);
    if (!addManager->empty() && addContacts->empty())
      throw CommandError(1, "--manager names the person of the --contact addresses; give them");
    auto txn = ctx.storeForWrite().write();
    if (txn.getVendor(*addId)) throw CommandError(1, "vendor " + *addId + " already exists");
    store::VendorRecord vendor;
    vendor.id = *addId;
    addOptions->applyTo(vendor, txn, true);
    for (const auto& address : *addContacts) {
      checkAddressFree(txn, checkedAddress(address));
      for (const auto& c : vendor.contacts)
        if (core::normalizeAddress(c.address) == core::normalizeAddress(address))
          throw CommandError(1, "--contact " + address + " given twice");
      vendor.contacts.push_back({address, *addManager, std::nullopt});
    }
    vendor.createdAt = vendor.updatedAt = ctx.now();
    vendor.createdBy = vendor.updatedBy = ctx.actor();
    storeVendor(txn, vendor);
    txn.commit();
    printResult(ctx, vendor);
  });

  auto* edit = group->add_subcommand("edit", "change a vendor's fields (only those given)");
  auto editId = std::make_shared<std::string>();
  auto editOptions = std::make_shared<VendorOptions>();
  edit->add_option("id", *editId, "vendor id")->required();
  editOptions->addTo(edit);
  edit->add_option("--as", ctx.operatorName, "operator name");
  edit->add_flag("--json", ctx.json, "print JSON");
  edit->footer("A list option given replaces the whole list; give it once as '' to clear it.\n");
  edit->callback([&ctx, editId, editOptions] {
    if (!editOptions->any()) throw CommandError(1, "nothing to change: give the fields to replace");
    auto txn = ctx.store().write();
    auto vendor = requireVendor(txn, *editId);
    editOptions->applyTo(vendor, txn, false);
    vendor.updatedAt = ctx.now();
    vendor.updatedBy = ctx.actor();
    storeVendor(txn, vendor);
    txn.commit();
    printResult(ctx, vendor);
  });

  auto* addContact = group->add_subcommand("add-contact", "add a contact address to a vendor");
  auto acId = std::make_shared<std::string>();
  auto acAddress = std::make_shared<std::string>();
  auto acManager = std::make_shared<std::string>();
  auto acKeyFile = std::make_shared<std::string>();
  addContact->add_option("id", *acId, "vendor id")->required();
  addContact->add_option("address", *acAddress, "contact mail address")->required();
  addContact->add_option("--manager", *acManager, "the contact person");
  addContact->add_option("--key-file", *acKeyFile,
                         "OpenPGP public key for the address (file, - for stdin): import and bind");
  addContact->add_option("--as", ctx.operatorName, "operator name");
  addContact->add_flag("--json", ctx.json, "print JSON");
  addContact->callback([&ctx, acId, acAddress, acManager, acKeyFile] {
    auto txn = ctx.store().write();
    auto vendor = requireVendor(txn, *acId);
    checkAddressFree(txn, checkedAddress(*acAddress));
    vendor.contacts.push_back({*acAddress, *acManager, std::nullopt});
    if (!acKeyFile->empty())
      importContactKey(ctx, txn, vendor.contacts.back(), readInput(*acKeyFile));
    vendor.updatedAt = ctx.now();
    vendor.updatedBy = ctx.actor();
    storeVendor(txn, vendor);
    txn.commit();
    printResult(ctx, vendor);
  });

  auto* importKey = group->add_subcommand(
      "import-key", "import a contact's OpenPGP key and bind it to the contact's address");
  auto ikId = std::make_shared<std::string>();
  auto ikAddress = std::make_shared<std::string>();
  auto ikFile = std::make_shared<std::string>();
  importKey->add_option("id", *ikId, "vendor id")->required();
  importKey->add_option("address", *ikAddress, "one of the vendor's contact addresses")->required();
  importKey->add_option("file", *ikFile, "armored or binary key file, - for stdin")->required();
  importKey->add_option("--as", ctx.operatorName, "operator name");
  importKey->add_flag("--json", ctx.json, "print JSON");
  importKey->callback([&ctx, ikId, ikAddress, ikFile] {
    auto txn = ctx.store().write();
    auto vendor = requireVendor(txn, *ikId);
    importContactKey(ctx, txn, contactOf(vendor, *ikAddress), readInput(*ikFile));
    vendor.updatedAt = ctx.now();
    vendor.updatedBy = ctx.actor();
    storeVendor(txn, vendor);
    txn.commit();
    printResult(ctx, vendor);
  });

  auto* importCert = group->add_subcommand(
      "import-cert",
      "import a contact's X.509 certificate (PEM or DER) for S/MIME and bind it to the contact");
  auto icId = std::make_shared<std::string>();
  auto icFile = std::make_shared<std::string>();
  auto icContact = std::make_shared<std::string>();
  importCert->add_option("id", *icId, "vendor id")->required();
  importCert
      ->add_option("file", *icFile, "certificate file (PEM or DER, a chain is fine), - for stdin")
      ->required();
  importCert->add_option("--contact", *icContact,
                         "the contact address (default: the one contact the certificate names)");
  importCert->add_option("--as", ctx.operatorName, "operator name");
  importCert->add_flag("--json", ctx.json, "print JSON");
  importCert->callback([&ctx, icId, icFile, icContact] {
    auto txn = ctx.store().write();
    auto vendor = requireVendor(txn, *icId);
    const auto [address, fingerprint] =
        bindContactCertificate(ctx, txn, vendor, *icContact, readInput(*icFile));
    vendor.updatedAt = ctx.now();
    vendor.updatedBy = ctx.actor();
    storeVendor(txn, vendor);
    txn.commit();
    if (!ctx.json)
      std::cout << "bound S/MIME certificate " << fingerprint << " to " << address << " of vendor "
                << vendor.id << "\n";
    printResult(ctx, vendor);
  });

  auto* list = group->add_subcommand("list", "every registered vendor");
  list->add_flag("--json", ctx.json, "print JSON");
  list->callback([&ctx] {
    const auto vendors = ctx.store().read().listVendors();
    if (!ctx.json) {
      printVendorTable(vendors);
      return;
    }
    nlohmann::json out = nlohmann::json::array();
    for (const auto& v : vendors) {
      auto summary = vendorJson(v);
      summary["contact_count"] = v.contacts.size();
      out.push_back(std::move(summary));
    }
    std::cout << out.dump(2) << "\n";
  });

  auto* show = group->add_subcommand("show", "one vendor: contacts, keys, channels, keywords");
  auto showId = std::make_shared<std::string>();
  show->add_option("id", *showId, "vendor id")->required();
  show->add_flag("--json", ctx.json, "print JSON");
  show->callback([&ctx, showId] { printResult(ctx, requireVendor(ctx.store().read(), *showId)); });
}

}  // namespace cvdd::cli
