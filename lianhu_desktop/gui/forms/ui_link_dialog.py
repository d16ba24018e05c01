# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'link_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDialog,
    QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
    QListWidget, QListWidgetItem, QSizePolicy, QVBoxLayout,
    QWidget)

from lianhu_desktop.gui.dialogs.date_edit import DateEdit

class Ui_LinkDialog(object):
    def setupUi(self, LinkDialog):
        if not LinkDialog.objectName():
            LinkDialog.setObjectName(u"LinkDialog")
        LinkDialog.resize(520, 500)
        self.mainLayout = QVBoxLayout(LinkDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.formLayout.setLabelAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)
        self.formLayout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.householdsLabel = QLabel(LinkDialog)
        self.householdsLabel.setObjectName(u"householdsLabel")
        self.householdsLabel.setWordWrap(True)

        self.formLayout.setWidget(0, QFormLayout.ItemRole.SpanningRole, self.householdsLabel)

        self.memberFilterLabel = QLabel(LinkDialog)
        self.memberFilterLabel.setObjectName(u"memberFilterLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.memberFilterLabel)

        self.memberFilter = QLineEdit(LinkDialog)
        self.memberFilter.setObjectName(u"memberFilter")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.memberFilter)

        self.memberListLabel = QLabel(LinkDialog)
        self.memberListLabel.setObjectName(u"memberListLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.memberListLabel)

        self.memberList = QListWidget(LinkDialog)
        self.memberList.setObjectName(u"memberList")
        self.memberList.setMinimumSize(QSize(0, 220))
        self.memberList.setAlternatingRowColors(True)

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.memberList)

        self.modeLabel = QLabel(LinkDialog)
        self.modeLabel.setObjectName(u"modeLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.modeLabel)

        self.mode = QComboBox(LinkDialog)
        self.mode.setObjectName(u"mode")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.mode)

        self.startDateLabel = QLabel(LinkDialog)
        self.startDateLabel.setObjectName(u"startDateLabel")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.startDateLabel)

        self.startDate = DateEdit(LinkDialog)
        self.startDate.setObjectName(u"startDate")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.startDate)


        self.mainLayout.addLayout(self.formLayout)

        self.errorLabel = QLabel(LinkDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.errorLabel)

        self.buttonBox = QDialogButtonBox(LinkDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.memberFilterLabel.setBuddy(self.memberFilter)
        self.memberListLabel.setBuddy(self.memberList)
        self.modeLabel.setBuddy(self.mode)
        self.startDateLabel.setBuddy(self.startDate)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.memberFilter, self.memberList)
        QWidget.setTabOrder(self.memberList, self.mode)
        QWidget.setTabOrder(self.mode, self.startDate)

        self.retranslateUi(LinkDialog)

        QMetaObject.connectSlotsByName(LinkDialog)
    # setupUi

    def retranslateUi(self, LinkDialog):
        LinkDialog.setWindowTitle(QCoreApplication.translate("LinkDialog", u"\u8054\u6237\u7ed9\u515a\u5458", None))
        self.householdsLabel.setText("")
        self.memberFilterLabel.setText(QCoreApplication.translate("LinkDialog", u"\u67e5\u627e\u515a\u5458(&F)\uff1a", None))
        self.memberFilter.setPlaceholderText(QCoreApplication.translate("LinkDialog", u"\u59d3\u540d\u3001\u62fc\u97f3\u6216\u9996\u5b57\u6bcd", None))
        self.memberListLabel.setText(QCoreApplication.translate("LinkDialog", u"\u8054\u6237\u515a\u5458(&M)\uff1a", None))
        self.modeLabel.setText(QCoreApplication.translate("LinkDialog", u"\u8054\u6237\u6a21\u5f0f(&O)\uff1a", None))
        self.startDateLabel.setText(QCoreApplication.translate("LinkDialog", u"\u5f00\u59cb\u65e5\u671f(&T)\uff1a", None))
        self.errorLabel.setText("")
    # retranslateUi

