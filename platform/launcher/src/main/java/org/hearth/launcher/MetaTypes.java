package org.hearth.launcher;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The sections of {@code conf/hearth.yaml} a bundle declares: the {@code hearth.*} PIDs of its
 * metatype (Felix MetaType service), each with its attribute definitions.
 *
 * <p>The launcher sits outside the framework and does not share the metatype API classes with
 * it, so the calls go through the metatype bundle's own classes, as {@link Container} does for
 * ConfigAdmin.
 */
final class MetaTypes {
    static final String SERVICE = "org.osgi.service.metatype.MetaTypeService";
    private static final int ALL_ATTRIBUTES = -1; // ObjectClassDefinition.ALL

    private final Object service;
    private final Method information;
    private final Method pids;
    private final Method objectClass;
    private final Method attributes;
    private final Method id;
    private final Method type;
    private final Method cardinality;

    private MetaTypes(Object service, Bundle metatype) throws ReflectiveOperationException {
        this.service = service;
        Class<?> serviceType = metatype.loadClass(SERVICE);
        Class<?> informationType = metatype.loadClass("org.osgi.service.metatype.MetaTypeInformation");
        Class<?> ocdType = metatype.loadClass("org.osgi.service.metatype.ObjectClassDefinition");
        Class<?> adType = metatype.loadClass("org.osgi.service.metatype.AttributeDefinition");
        information = serviceType.getMethod("getMetaTypeInformation", Bundle.class);
        pids = informationType.getMethod("getPids");
        objectClass = informationType.getMethod("getObjectClassDefinition", String.class, String.class);
        attributes = ocdType.getMethod("getAttributeDefinitions", int.class);
        id = adType.getMethod("getID");
        type = adType.getMethod("getType");
        cardinality = adType.getMethod("getCardinality");
    }

    /** The MetaType service of the running framework; {@code metatype} is its (started) bundle. */
    static MetaTypes of(BundleContext context, Bundle metatype) throws BundleException {
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context, SERVICE, null);
        tracker.open(true);
        try {
            tracker.waitForService(10_000);
            ServiceReference<Object> ref = tracker.getServiceReference();
            if (ref == null) {
                throw new BundleException("MetaType service is missing (bundle " + metatype.getSymbolicName()
                        + " in state " + metatype.getState() + ")");
            }
            // Held for the framework's life: the launcher asks whenever a bundle arrives.
            return new MetaTypes(context.getService(ref), metatype);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BundleException("Interrupted while waiting for the MetaType service", e);
        } catch (ReflectiveOperationException e) {
            throw new BundleException("Cannot use the MetaType service", e);
        } finally {
            tracker.close();
        }
    }

    /** Section name ({@code http} for PID {@code hearth.http}) → its schema, for each section the bundle declares. */
    Map<String, SectionSchema> sectionsOf(Bundle bundle) {
        Map<String, SectionSchema> out = new LinkedHashMap<>();
        try {
            Object info = information.invoke(service, bundle);
            String[] declared = info == null ? null : (String[]) pids.invoke(info);
            if (declared == null) {
                return out;
            }
            for (String pid : declared) {
                if (!pid.startsWith(HearthConfig.PID_PREFIX)) {
                    continue;
                }
                Object ocd = objectClass.invoke(info, pid, null);
                Object[] ads = ocd == null ? null : (Object[]) attributes.invoke(ocd, ALL_ATTRIBUTES);
                Map<String, SectionSchema.Attribute> byId = new LinkedHashMap<>();
                for (Object ad : ads == null ? new Object[0] : ads) {
                    String attributeId = (String) id.invoke(ad);
                    byId.put(attributeId, new SectionSchema.Attribute(attributeId, (Integer) type.invoke(ad),
                            (Integer) cardinality.invoke(ad), bound(ad, "getMin"), bound(ad, "getMax")));
                }
                out.put(pid.substring(HearthConfig.PID_PREFIX.length()),
                        new SectionSchema(bundle.getSymbolicName(), Map.copyOf(byId)));
            }
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Cannot read the metatype of bundle " + bundle.getSymbolicName(), e);
        }
        return out;
    }

    /**
     * The declared minimum or maximum. The OSGi interface only offers {@code validate}, whose
     * answer does not say the bound, so this reads Felix's own definition behind it; without it
     * the launcher still checks the type and the bundle checks the range.
     */
    private static String bound(Object ad, String getter) {
        try {
            Field wrapped = ad.getClass().getDeclaredField("ad");
            wrapped.setAccessible(true);
            Object felixAd = wrapped.get(ad);
            return (String) felixAd.getClass().getMethod(getter).invoke(felixAd);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
