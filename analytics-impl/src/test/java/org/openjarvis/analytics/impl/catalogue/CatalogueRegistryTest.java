package org.openjarvis.analytics.impl.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Catalogues come and go with their bundles; an event name belongs to one of them. */
class CatalogueRegistryTest {

    @Test
    void anEventIsFoundWhileItsCatalogueIsInUseAndUnknownOnceItIsRemoved() throws CatalogueException {
        CatalogueRegistry registry = new CatalogueRegistry();
        Catalogue shop = catalogue(10, "org.example.shop", "order_placed", "cart_viewed");

        registry.add(shop);

        assertThat(registry.find("order_placed").catalogue()).isEqualTo("org.example.shop/1.0.0");
        assertThat(registry.catalogues()).containsExactly(shop);
        assertThat(registry.remove(10)).contains(shop);
        assertThat(registry.find("order_placed")).isNull();
        assertThat(registry.catalogues()).isEmpty();
        assertThat(registry.remove(10)).isEmpty();
        assertThat(registry.find(null)).isNull();
    }

    @Test
    void aSecondCatalogueDeclaringAnExistingNameIsRefusedWholeNamingBothBundles() throws CatalogueException {
        CatalogueRegistry registry = CatalogueRegistry.of(catalogue(10, "org.example.shop", "order_placed"));
        Catalogue rival = catalogue(11, "org.example.rival", "coupon_used", "order_placed");

        assertThatThrownBy(() -> registry.add(rival)).isInstanceOf(CatalogueException.class)
                .hasMessageContaining("event order_placed is already declared by catalogue "
                        + "OSGI-INF/analytics/catalogue.json of bundle org.example.shop 1.0.0")
                .hasMessageContaining("none of this catalogue's events is used");
        assertThat(registry.find("coupon_used")).as("none of the rival's events").isNull();
        assertThat(registry.find("order_placed").catalogue()).isEqualTo("org.example.shop/1.0.0");
    }

    @Test
    void theNameIsFreeAgainOnceItsCatalogueIsRemoved() throws CatalogueException {
        CatalogueRegistry registry = CatalogueRegistry.of(catalogue(10, "org.example.shop", "order_placed"));
        registry.remove(10);

        registry.add(catalogue(11, "org.example.rival", "order_placed"));

        assertThat(registry.find("order_placed").catalogue()).isEqualTo("org.example.rival/1.0.0");
    }

    @Test
    void aBundleAddedAgainReplacesItsOwnCatalogueWithoutConflictingWithItself() throws CatalogueException {
        CatalogueRegistry registry = CatalogueRegistry.of(catalogue(10, "org.example.shop", "order_placed",
                "cart_viewed"));

        registry.add(catalogue(10, "org.example.shop", "order_placed"));

        assertThat(registry.catalogues()).hasSize(1);
        assertThat(registry.find("order_placed")).isNotNull();
        assertThat(registry.find("cart_viewed")).as("dropped by the new version").isNull();
    }

    @Test
    void catalogueListStaysInTheOrderTheyWereAdded() throws CatalogueException {
        Catalogue first = catalogue(20, "org.example.b", "b_event");
        Catalogue second = catalogue(3, "org.example.a", "a_event");

        CatalogueRegistry registry = CatalogueRegistry.of(first, second);

        assertThat(registry.catalogues()).containsExactly(first, second);
    }

    static Catalogue catalogue(long bundleId, String bundle, String... events) throws CatalogueException {
        StringBuilder json = new StringBuilder("{\"events\": {");
        for (int i = 0; i < events.length; i++) {
            json.append(i == 0 ? "" : ",").append('"').append(events[i]).append("\": {\"type\": \"object\"}");
        }
        return SchemaCompiler.compile(new CatalogueOrigin(bundleId, bundle, "1.0.0",
                "OSGI-INF/analytics/catalogue.json"), json.append("}}").toString().getBytes(StandardCharsets.UTF_8));
    }
}
