package io.github.sortlens.render;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

/**
 * The one Freemarker configuration: {@code .ftlh} templates with HTML auto-escaping, strict errors (a missing value
 * fails the render instead of printing nothing), a fixed locale and time zone so output never depends on the
 * machine.
 */
public final class Templates {

    private final Configuration config;

    public Templates() {
        config = new Configuration(Configuration.VERSION_2_3_34);
        // Maven copies the top-level templates/ folder onto the classpath (pom.xml resources): one source, jar or not.
        config.setTemplateLoader(new ClassTemplateLoader(Templates.class, "/templates"));
        config.setRecognizeStandardFileExtensions(true);
        config.setOutputFormat(HTMLOutputFormat.INSTANCE);
        config.setDefaultEncoding("UTF-8");
        config.setOutputEncoding("UTF-8");
        config.setLocale(Locale.ROOT);
        config.setTimeZone(TimeZone.getTimeZone("UTC"));
        config.setNumberFormat("computer");
        config.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        config.setLogTemplateExceptions(false);
        config.setWrapUncheckedExceptions(true);
        config.setFallbackOnNullLoopVariable(false);
    }

    /** Renders one template with a data model; errors name the template. */
    public String render(String template, Map<String, Object> model) {
        try {
            Template t = config.getTemplate(template);
            StringWriter out = new StringWriter();
            t.process(model, out);
            return out.toString();
        } catch (IOException | TemplateException e) {
            throw new SiteException("cannot render template " + template + ": " + e.getMessage(), e);
        }
    }
}
