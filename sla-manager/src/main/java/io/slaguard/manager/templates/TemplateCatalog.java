package io.slaguard.manager.templates;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.slaguard.manager.model.Template;
import io.slaguard.manager.store.TemplateRepository;
import tools.jackson.databind.json.JsonMapper;

/** Checked templates in the store, versioned by the hash of their content. */
@Service
public class TemplateCatalog {
    /** What storing a template did. */
    public enum Change { CREATED, REPLACED, UNCHANGED }

    private final TemplateRepository templates;
    private final TransactionTemplate transactions;
    private final JsonMapper json;

    public TemplateCatalog(TemplateRepository templates, TransactionTemplate transactions, JsonMapper json) {
        this.templates = templates;
        this.transactions = transactions;
        this.json = json;
    }

    public List<Template> list() {
        return templates.list();
    }

    /** By id, ignoring case. */
    public Optional<Template> find(String id) {
        return templates.find(id);
    }

    /** @throws TemplateException when the template is unusable; DuplicateKeyException when the id exists */
    public Template create(Template template) {
        Template checked = checked(template, null);
        templates.insert(checked);
        return checked;
    }

    /** Creates or replaces; a template whose content hash is unchanged is left alone. */
    public Change put(Template template, String contentHash) {
        Template checked = checked(template, contentHash);
        return transactions.execute(status -> {
            Optional<Template> existing = templates.find(checked.id());
            if (existing.isEmpty()) {
                templates.insert(checked);
                return Change.CREATED;
            }
            if (checked.version().equals(existing.get().version()) && checked.id().equals(existing.get().id())) {
                return Change.UNCHANGED;
            }
            templates.replace(checked);
            return Change.REPLACED;
        });
    }

    public boolean delete(String id) {
        return templates.delete(id);
    }

    /** SHA-256 of the bytes, hex. */
    public static String hash(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private Template checked(Template template, String contentHash) {
        List<String> problems = new ArrayList<>();
        if (template.id() == null || template.id().isBlank()) {
            problems.add("Template.Id is empty");
        }
        if (template.details() == null || !template.details().isObject()) {
            problems.add("Template.Details must be an object");
        }
        template.parameters().forEach((name, spec) -> {
            if (spec == null) {
                problems.add("parameter " + name + " has no schema");
            } else if (spec.type() != null && !spec.type().equals(TemplateInstantiator.NUMBER)
                    && !spec.type().equals(TemplateInstantiator.STRING)) {
                problems.add("parameter " + name + " has unknown type '" + spec.type() + "' (number or string)");
            }
        });
        if (!problems.isEmpty()) {
            throw new TemplateException(problems);
        }
        Template unversioned = new Template(template.id(), template.name(), template.parameters(), template.details(), null);
        String version = contentHash != null ? contentHash
                : hash(json.writeValueAsString(unversioned).getBytes(StandardCharsets.UTF_8));
        return new Template(template.id(), template.name(), template.parameters(), template.details(), version);
    }
}
