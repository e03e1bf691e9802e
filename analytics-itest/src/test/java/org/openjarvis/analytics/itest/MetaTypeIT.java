package org.openjarvis.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The metatype as Felix's MetaType service hands it to the web console and to Karaf's {@code config:meta}: every
 * option of a drop-down has a label, and only what must be given is required, so that a form with the defaults
 * left alone can be saved.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class MetaTypeIT {

    private static final String IMPL = "org.openjarvis.analytics.impl";
    private static final String POSTHOG = "org.openjarvis.analytics.posthog";

    @InjectBundleContext
    BundleContext context;

    @InjectService
    MetaTypeService metaType;

    @Test
    void everyOptionOfEveryPidHasALabel() {
        Map<String, ObjectClassDefinition> definitions = Map.of(
                "org.openjarvis.analytics", definition(IMPL, "org.openjarvis.analytics"),
                "org.openjarvis.analytics.file", definition(IMPL, "org.openjarvis.analytics.file"),
                "org.openjarvis.analytics.posthog", definition(POSTHOG, "org.openjarvis.analytics.posthog"));
        int options = 0;
        for (Map.Entry<String, ObjectClassDefinition> definition : definitions.entrySet()) {
            for (AttributeDefinition attribute : attributes(definition.getValue(), ObjectClassDefinition.ALL)) {
                String[] values = attribute.getOptionValues();
                if (values != null) {
                    assertThat(attribute.getOptionLabels()).as(definition.getKey() + " " + attribute.getID())
                            .hasSameSizeAs(values).allSatisfy(label -> assertThat(label).isNotBlank());
                    options += values.length;
                }
            }
        }
        assertThat(options).as("the platform and privacy.screen options").isEqualTo(10);
        assertThat(attribute(definition(IMPL, "org.openjarvis.analytics"), "platform").getOptionLabels())
                .contains("Command line (cli)");
    }

    @Test
    void onlyThePostHogApiKeyIsRequired() {
        ObjectClassDefinition service = definition(IMPL, "org.openjarvis.analytics");
        ObjectClassDefinition file = definition(IMPL, "org.openjarvis.analytics.file");
        ObjectClassDefinition posthog = definition(POSTHOG, "org.openjarvis.analytics.posthog");

        assertThat(ids(service, ObjectClassDefinition.REQUIRED)).isEmpty();
        assertThat(ids(service, ObjectClassDefinition.OPTIONAL)).contains("enabled", "home", "platform",
                "privacy.screen", "shutdown.timeout.ms");
        assertThat(ids(file, ObjectClassDefinition.REQUIRED)).isEmpty();
        assertThat(ids(file, ObjectClassDefinition.OPTIONAL)).containsExactlyInAnyOrder("path", "rotation.max.bytes",
                "rotation.keep");
        assertThat(ids(posthog, ObjectClassDefinition.REQUIRED)).containsExactly("api.key");
        assertThat(ids(posthog, ObjectClassDefinition.OPTIONAL)).contains("host", "spool.dir", "batch.size")
                .hasSize(ids(posthog, ObjectClassDefinition.ALL).size() - 1);
    }

    private ObjectClassDefinition definition(String symbolicName, String pid) {
        Bundle bundle = Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName().equals(symbolicName))
                .findFirst().orElseThrow(() -> new AssertionError("no bundle " + symbolicName));
        ObjectClassDefinition definition = metaType.getMetaTypeInformation(bundle).getObjectClassDefinition(pid, null);
        assertThat(definition).as("the metatype of " + pid).isNotNull();
        return definition;
    }

    private static AttributeDefinition attribute(ObjectClassDefinition definition, String id) {
        return attributes(definition, ObjectClassDefinition.ALL).stream().filter(a -> a.getID().equals(id))
                .findFirst().orElseThrow(() -> new AssertionError("no attribute " + id));
    }

    private static List<AttributeDefinition> attributes(ObjectClassDefinition definition, int filter) {
        AttributeDefinition[] attributes = definition.getAttributeDefinitions(filter);
        return attributes == null ? List.of() : List.of(attributes);
    }

    private static List<String> ids(ObjectClassDefinition definition, int filter) {
        return attributes(definition, filter).stream().map(AttributeDefinition::getID).toList();
    }
}
